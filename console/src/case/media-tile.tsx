// One media item of a case. What arrives first is the server's preview, already blurred and
// greyscale as the member's settings say, so unblurred bytes never reach the browser unless
// the member reveals this one item, which the server writes to the log as media.revealed.
import { useEffect, useState } from 'react';
import { api, enc, mediaUrl } from '../api';
import { useConsole } from '../context';
import type { MediaItem } from '../types';

export function MediaTile({ caseId, item, index }: { caseId: string; item: MediaItem; index: number }) {
  const { t, settings, may, announce } = useConsole();
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/v1/cases/${enc(caseId)}/media/${enc(item.sha256)}`;
  const warningId = `reveal-warning-${index}`;
  const label = `${t.blurredPreview} ${index + 1} (${item.type})`;

  useEffect(() => () => void (full && URL.revokeObjectURL(full)), [full]);

  async function reveal(): Promise<void> {
    setBusy(true);
    try {
      await api('POST', `${base}/reveal`);
      setFull(await mediaUrl(`${base}?view=full`));
    } catch (e) {
      announce(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  function hide(): void {
    if (full) URL.revokeObjectURL(full);
    setFull(null);
  }

  const video = item.type.startsWith('video/');
  return (
    <figure className="media-tile">
      {full ? (
        video ? (
          <video src={full} controls muted={settings.autoplayMuted} className={settings.greyscale ? 'grey' : undefined} />
        ) : (
          <img src={full} alt={`${index + 1} (${item.type})`} className={settings.greyscale ? 'grey' : undefined} />
        )
      ) : (
        <img src={base} alt={label} width={256} height={256} className="preview" />
      )}
      <figcaption>
        {item.type} · {item.sha256.slice(0, 12)}…
        {item.originalFileName && (
          // The uploader's words: plain text (React escapes it), isolated so that its direction cannot spill over.
          <span className="file-name">
            {t.uploaderFileName}: <bdi>{item.originalFileName}</bdi>
          </span>
        )}
        {may('media:reveal') &&
          (full ? (
            <button type="button" onClick={hide}>
              {t.hide}
            </button>
          ) : (
            <>
              <button type="button" className="reveal" aria-describedby={warningId} disabled={busy} onClick={() => void reveal()}>
                {t.reveal}
              </button>
              <span id={warningId} className="hint">
                {t.revealWarning}
              </span>
            </>
          ))}
      </figcaption>
    </figure>
  );
}
