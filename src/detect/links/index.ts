// Links: extraction from text, Safe Browsing canonicalisation, URL banks, registrable
// domains and shorteners. Everything exported here is pure.
export { classifyAddress, parseIPv4, parseIPv6, type AddressVerdict } from './address.js';
export { canonicalizeUrl, UrlError, MAX_URL_LENGTH, type CanonicalUrl } from './canonicalize.js';
export { urlExpressions, hostVariants, pathVariants } from './expressions.js';
export { extractLinks, type ExtractedLink, type ExtractOptions, type Span } from './extract.js';
export { deobfuscate, type DeobfuscatedText } from './deobfuscate.js';
export { domainInfo, type DomainInfo } from './domain.js';
export { ShortenerList, KNOWN_SHORTENERS } from './shorteners.js';
export {
  UrlBank,
  parseUrlList,
  entryExpression,
  sha256 as expressionSha256,
  type UrlListFormat,
  type UrlBankMatch,
  type UrlListProblem,
  type ParsedUrlList,
} from './bank.js';
export { LinkScanner, type LinkFinding, type LinkScannerOptions } from './scan.js';
// The shortener expander does network I/O and lives at the edge: import it from
// services/detection/short-links.ts where expansion is wanted (it is off by default).
