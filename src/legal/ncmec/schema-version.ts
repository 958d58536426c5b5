// The NCMEC schema the builders are written for: NCMEC's /xsd as published in November 2025
// (Boostport/ncmec-go, commit c9dee9b), known by its SHA-256. The schema itself is not shipped;
// at start the filing client fetches NCMEC's current one and says whether it differs
// (services/cybertip/schema-check.ts), since NCMEC changes it and a new version may refuse
// documents this version accepted.
export const BUILT_FOR_SCHEMA = {
  sha256: 'aee4c88099409b8a27d1403a5bc9bf0809bdc4819c079081abc1e2275efb392b',
  published: '2025-11',
} as const;
