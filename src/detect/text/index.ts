// Text signals: normalisation with an offset map, operator rules (versioned JSON, term
// lists on Aho-Corasick, RE2 patterns, proximity, metadata and conversation conditions),
// the default rule set, conversation state, and the engine that puts them together.
// Everything exported here is pure; the file loader and watcher are in './load.js'.
export { normalise, normaliseTerm, originalSpan, type NormalisedText, type NormaliseOptions, type Span } from './normalize.js';
export { AhoCorasick, type AcPattern } from './aho-corasick.js';
export { parseTermList, termListFromArray, parseTerm, type TermList, type Term, type TermListProblem } from './term-list.js';
export {
  parseRulesFile,
  RulesError,
  RULES_FORMAT,
  RULES_VERSION,
  rulesFileSchema,
  type RulesFile,
  type SignalRule,
  type ContextRule,
  type Condition,
  type ConversationSettings,
} from './rules-file.js';
export { compileRules, DEFAULT_CONVERSATION_SETTINGS, type CompiledRules } from './compile.js';
export { CLAUSE_IDS, isClauseId, type ClauseId } from './clauses.js';
export { DEFAULT_FAMILIES, TERM_LIST_FAMILIES, CONTEXTS, URGENT_FAMILIES, type Context } from './families.js';
export {
  emptyConversation,
  conversationKey,
  foldConversation,
  conversationRisk,
  isConversationState,
  ConversationError,
  type ConversationState,
  type ConversationEntry,
  type ConversationRisk,
} from './conversation.js';
export {
  createTextEngine,
  MessageError,
  type TextEngine,
  type TextEngineOptions,
  type TextMessage,
  type Evaluation,
  type Signal,
  type TextSignal,
  type ConversationSignal,
  type LinkSignal,
  type ContextFinding,
  type Evidence,
} from './engine.js';
export { DEFAULT_RULES, FAMILY_CLAUSE } from './default-rules/index.js';
