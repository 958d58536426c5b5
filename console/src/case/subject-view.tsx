// The subject of a case: a content item (its text, links and media), an account, or a
// conversation with the messages that made the case and the spans that fired.
import type { ReactNode } from 'react';
import { useConsole } from '../context';
import { formatTime } from '../format';
import type { Subject } from '../types';
import { HighlightedText } from './highlighted-text';
import { MediaTile } from './media-tile';

function Collapsible({ summary, open, children }: { summary: string; open: boolean; children: ReactNode }) {
  return (
    <details open={open}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

export function SubjectView({ caseId, subject }: { caseId: string; subject: Subject }) {
  const { t, settings, lang } = useConsole();
  const expanded = !settings.textCollapsed;
  return (
    <section aria-labelledby="subject-h">
      <h2 id="subject-h">
        {t.subject}: {subject.kind} {subject.id}
        {subject.platform !== 'default' ? ` (${subject.platform})` : ''}
      </h2>
      <dl className="facts">
        {subject.authorId && (
          <>
            <dt>{t.account}</dt>
            <dd>{subject.authorId}</dd>
          </>
        )}
        {subject.state && (
          <>
            <dt>{t.status}</dt>
            <dd>{subject.state}</dd>
          </>
        )}
        {subject.receivedAt && (
          <>
            <dt>{t.openedAt}</dt>
            <dd>{formatTime(subject.receivedAt, lang)}</dd>
          </>
        )}
      </dl>
      {subject.text && (
        <Collapsible summary={t.showText} open={expanded}>
          <p className="message-text">{subject.text}</p>
        </Collapsible>
      )}
      {subject.links && subject.links.length > 0 && (
        <>
          <h3>{t.links}</h3>
          <ul className="links">
            {subject.links.map((l) => (
              // Shown as text, never as a link: a reviewer must not land on the site by a click.
              <li key={l}>
                <code>{l}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {subject.media && subject.media.length > 0 && (
        <>
          <h3>{t.media}</h3>
          <div className="media-grid">
            {subject.media.map((m, i) => (
              <MediaTile key={m.sha256 + i} caseId={caseId} item={m} index={i} />
            ))}
          </div>
        </>
      )}
      {subject.messages && subject.messages.length > 0 && (
        <Collapsible summary={t.messages} open={expanded}>
          <ol className="messages">
            {subject.messages.map((m) => (
              <li key={m.contentId}>
                <p className="meta">
                  {m.authorId} · {formatTime(m.at, lang)}
                </p>
                {m.text && <HighlightedText text={m.text} spans={m.spans} label={t.firedSpan} />}
              </li>
            ))}
          </ol>
        </Collapsible>
      )}
    </section>
  );
}
