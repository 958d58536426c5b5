// A stored statement as the Transparency Database takes it: its facts, built with the
// operator's settings (territorial scope, the legal ground, the rules' address).
import type { StatementRow } from '../../store/statements.js';
import { statementOfReasons, type DsaStatement, type RestrictionFacts, type StatementSettings } from '../../policy/statement-of-reasons.js';

export function statementSettings(config: {
  statements: { territorialScope: string[]; legalGround: string; policyUrl: string | undefined };
}): StatementSettings {
  const s = config.statements;
  return { territorialScope: s.territorialScope, illegalContentLegalGround: s.legalGround, policyUrl: s.policyUrl };
}

export function factsOf(row: StatementRow): RestrictionFacts {
  return JSON.parse(row.facts_json) as RestrictionFacts;
}

export function dsaStatementOf(row: StatementRow, settings: StatementSettings): DsaStatement {
  return statementOfReasons(factsOf(row), settings);
}
