// A message with the spans that fired marked, rendered as text nodes only: whatever a user
// wrote is never parsed as HTML.
import type { ReactNode } from 'react';
import type { Span } from '../types';

export function HighlightedText({ text, spans, label }: { text: string; spans: Span[]; label: string }) {
  const sorted = [...spans].filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end).sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let at = 0;
  sorted.forEach((s, i) => {
    if (s.start < at) return;
    if (s.start > at) parts.push(<span key={`t${i}`}>{text.slice(at, s.start)}</span>);
    parts.push(
      <mark key={`m${i}`} title={`${label}: ${s.rule}`}>
        {text.slice(s.start, s.end)}
        <span className="visually-hidden">
          {' '}
          ({label}: {s.rule})
        </span>
      </mark>,
    );
    at = s.end;
  });
  if (at < text.length) parts.push(<span key="end">{text.slice(at)}</span>);
  return <p className="message-text">{parts}</p>;
}
