// The public pages' style sheet and script, served by vigie from its own origin (the pages'
// policy allows 'self' and nothing inline). The script only adds the proof of work: the
// form works without it, more slowly (report-challenge.ts).

// Colours checked for WCAG 2.2 AA: body text #1b1b1b, links and the button #0a4a9e, errors
// #a4001b, all on white (each above 7:1); the focus ring is 3 px, away from the control.
export const REPORT_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
main{max-width:42rem;margin:0 auto;padding:1rem 1rem 3rem}
.top{max-width:42rem;margin:0 auto;padding:.5rem 1rem;text-align:right}
.top a{display:inline-block;padding:.5rem .75rem;min-height:2.75rem;min-width:2.75rem}
a{color:#0a4a9e;text-decoration:underline}
a:visited{color:#5a2a8a}
:focus-visible{outline:3px solid #0a4a9e;outline-offset:3px}
input:focus-visible,textarea:focus-visible{outline:3px solid #0a4a9e;outline-offset:2px}
.skip{position:absolute;left:-10000px;top:.5rem;background:#fff;padding:.75rem 1rem;border:2px solid #0a4a9e;z-index:1}
.skip:focus{left:.5rem}
h1{font-size:1.75rem;line-height:1.25}
h2{font-size:1.3rem}
.urgent{border-left:4px solid #a4001b;padding-left:.75rem;font-weight:600}
.field{margin:1.5rem 0;border:0;padding:0}
fieldset.field{border:0;padding:0;min-width:0}
label,legend{display:block;font-weight:600}
legend{padding:0;margin-bottom:.5rem}
.hint{color:#3d3d3d;margin:.25rem 0}
.optional{font-weight:400}
input[type=text],input[type=email],textarea{display:block;width:100%;font:inherit;padding:.5rem;border:2px solid #1b1b1b;border-radius:2px;background:#fff;color:#1b1b1b}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.choice input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none}
.choice label{font-weight:400}
.has-error input[type=text],.has-error input[type=email],.has-error textarea{border-color:#a4001b}
.has-error{border-left:4px solid #a4001b;padding-left:.75rem}
.error{color:#a4001b;font-weight:600;margin:.25rem 0}
.error-summary{border:3px solid #a4001b;padding:1rem;margin:1rem 0}
.error-summary h2{margin-top:0}
button{font:inherit;font-weight:600;color:#fff;background:#0a4a9e;border:2px solid #0a4a9e;border-radius:3px;padding:.6rem 1.2rem;cursor:pointer}
button:hover{background:#083b7e}
button[disabled]{background:#4d4d4d;border-color:#4d4d4d}
.receipt{font:700 1.4rem/1.4 ui-monospace,Consolas,monospace;word-break:break-all;border:2px dashed #1b1b1b;padding:.75rem}
.status{border:2px solid #0a4a9e;padding:.5rem 1rem;margin:1rem 0}
.elsewhere{margin-top:2.5rem;border-top:2px solid #d0d0d0}
`;

// The proof of work: the smallest number n whose SHA-256 of "<token>:<n>" starts with the
// form's number of zero bits, found before the form is sent. Without Web Crypto (an old
// browser, a page not served over HTTPS) the form is sent as is and the wait applies.
export const REPORT_JS = `'use strict';
(function () {
  var form = document.getElementById('report-form');
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) return;
  var bits = Number(form.getAttribute('data-bits')) || 0;
  var status = document.getElementById('work-status');
  var sending = false;
  function zeroBits(bytes) {
    var n = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { n += 8; continue; }
      return n + Math.clz32(bytes[i]) - 24;
    }
    return n;
  }
  async function solve(token) {
    var enc = new TextEncoder();
    for (var n = 0; ; n++) {
      var digest = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(token + ':' + n)));
      if (zeroBits(digest) >= bits) return String(n);
    }
  }
  form.addEventListener('submit', function (event) {
    if (sending) return;
    event.preventDefault();
    var button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    if (status) status.textContent = form.getAttribute('data-working') || '';
    solve(form.elements.namedItem('token').value).then(function (solution) {
      form.elements.namedItem('solution').value = solution;
      sending = true;
      form.submit();
    }, function () {
      sending = true;
      form.submit();
    });
  });
})();
`;
