// The NCMEC CyberTipline report's pure parts (the document vigie would send).
export { FILE_ANNOTATIONS, fileAnnotationsFor, fileAnnotationsXml, type FileAnnotation } from './file-annotations.js';
export { fileDetailsXml, escapeXml, type FileDetails } from './file-details.js';
export { takeItDownNote, type TakeItDownMatch } from './take-it-down.js';
