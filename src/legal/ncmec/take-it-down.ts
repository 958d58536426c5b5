// How a CyberTipline report words a match on NCMEC's Take It Down list (docs/take-it-down.md).
// The list holds hashes that people made on their own devices of images taken of them when
// they were under 18; NCMEC never saw the images. So the report says the file matched that
// list and what vigie did, and says nothing it does not know: not who is pictured, not that
// the file was self-produced, not that anyone at NCMEC or at the platform confirmed it unless
// a reviewer did (fileViewedByEsp says that).

export interface TakeItDownMatch {
  bankName: string;
  hashType: string;
  /** The list version the bank was loaded from, when the operator gave one. */
  listVersion: string | null;
  /** Whether a person reviewed the account after the automatic removal. */
  reviewed: boolean;
}

/** The sentence for the report's additionalInfo about a file that matched a Take It Down list. */
export function takeItDownNote(m: TakeItDownMatch): string {
  const list = m.listVersion ? `${m.bankName}, list version ${m.listVersion}` : m.bankName;
  return [
    `The file matched a ${m.hashType.toUpperCase()} hash on NCMEC's Take It Down list (${list}), which the company loaded as a hash list of images that people reported as taken of them when they were under 18.`,
    'The company removed the file when it matched, without notice to the uploader.',
    m.reviewed
      ? 'A reviewer then decided on the uploading account.'
      : 'No person at the company had decided on the uploading account when this report was prepared.',
  ].join(' ');
}
