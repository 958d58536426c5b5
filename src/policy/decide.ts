// The decision function: signals, the account's past and, where a person decided, their
// finding in; a decision with an ordered plan of actions out. Pure.
import { DEFAULT_DECIDE_OPTIONS, type Decision, type DecisionInput } from './decision.js';
import { decideWithoutPerson } from './decide-automatic.js';
import { decideWithPerson } from './decide-person.js';
import { readSignal } from './signals.js';

export function decide(input: DecisionInput): Decision {
  const options = { ...DEFAULT_DECIDE_OPTIONS, ...input.options };
  const signals = input.signals.map(readSignal);
  // Once a person has decided, the signals only inform the plan (known material, hosting):
  // they can no longer overrule the finding in either direction.
  if (input.review) return decideWithPerson(input, input.review, signals);
  return decideWithoutPerson(input, signals, options);
}
