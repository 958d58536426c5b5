// The NCMEC CyberTipline report's pure parts (the documents vigie sends).
export { FILE_ANNOTATIONS, fileAnnotationsFor, fileAnnotationsXml, type FileAnnotation } from './file-annotations.js';
export { fileDetailsXml, escapeXml, INDUSTRY_CLASSIFICATIONS, type FileDetails, type IndustryClassification } from './file-details.js';
export { takeItDownNote, type TakeItDownMatch } from './take-it-down.js';
export {
  INCIDENT_TYPES,
  INCIDENT_FOR_CLAUSE,
  REPORT_ANNOTATIONS,
  incidentFor,
  type IncidentType,
  type Incident,
  type ReportAnnotation,
} from './incident-types.js';
export {
  reportXml,
  reportDocument,
  incidentDateTime,
  ReportBuildError,
  type ReportFacts,
  type Reporter,
  type ReportedAccount,
  type Recipient,
  type IpCapture,
  type DeviceCapture,
} from './report.js';
export { parseNcmecResponse, handlingOf, NCMEC_CODES, type NcmecResponse, type CodeHandling } from './responses.js';
