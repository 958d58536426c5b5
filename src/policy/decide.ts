// The decision function: signals, the account's past and, where a person decided, their
// finding in; a decision with an ordered plan of actions out. Pure.
import { DEFAULT_DECIDE_OPTIONS, DecisionError, type Decision, type DecisionInput } from './decision.js';
import { decideWithoutPerson } from './decide-automatic.js';
import { decideWithPerson } from './decide-person.js';
import { MATERIAL_NATURES, isMaterialNature, type MaterialNature } from './material.js';
import { readSignal, type PolicySignal } from './signals.js';

export function decide(input: DecisionInput): Decision {
  const options = { ...DEFAULT_DECIDE_OPTIONS, ...input.options };
  const signals = input.signals.map(readSignal);
  // Once a person has decided, the signals only inform the plan (known material, hosting):
  // they can no longer overrule the finding in either direction.
  if (input.review) return { ...decideWithPerson(input, input.review, signals), materialNature: reviewedNature(input.review.materialNature) };
  return { ...decideWithoutPerson(input, signals, options), materialNature: signalledNature(signals) };
}

function reviewedNature(given: readonly string[] | undefined): MaterialNature[] {
  const unknown = (given ?? []).filter((n) => !isMaterialNature(n));
  if (unknown.length > 0) throw new DecisionError(`not a kind of material: ${unknown.join(', ')} (${MATERIAL_NATURES.join(', ')})`);
  return MATERIAL_NATURES.filter((n) => given?.includes(n));
}

function signalledNature(signals: readonly PolicySignal[]): MaterialNature[] {
  const said = new Set(signals.flatMap((s) => (s.type === 'classifier' ? s.materialNature : [])));
  return MATERIAL_NATURES.filter((n) => said.has(n));
}
