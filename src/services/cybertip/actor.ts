// Who the log names for what the filing workflow does on its own.
export const CYBERTIP_SYSTEM_ACTOR = { kind: 'system', id: 'cybertip' } as const;
