// RFC 4180 CSV records with the line number each starts on, and the matching writer.
// Hand-written because no CSV package is among the project's dependencies and the need
// is small: comma separator, double-quoted fields with "" escapes and embedded newlines,
// CRLF or LF. A record with an unterminated quote is reported, not guessed at.

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
}

/** Splits text into records; a malformed record becomes a problem and parsing goes on. */
export function readCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let bad: string | null = null;
    for (;;) {
      if (i < n && text[i] === '"' && field === '') {
        // Quoted field.
        i++;
        let closed = false;
        while (i < n) {
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
        if (!closed) {
          bad = 'a quoted field is not closed';
          break;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          bad = 'characters after a closing quote';
          while (i < n && text[i] !== '\n') i++;
          break;
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') bad ??= 'a quote inside an unquoted field';
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      field = '';
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    if (bad) problems.push({ line: startLine, message: bad });
    else if (!(fields.length === 1 && fields[0] === '')) records.push({ line: startLine, fields });
  }
  return { records, problems };
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) || field !== field.trim() ? `"${field.replaceAll('"', '""')}"` : field;
}

export function writeCsvRow(fields: readonly string[]): string {
  return `${fields.map(quote).join(',')}\n`;
}
