export interface Appeal {
  id: string;
  status: string;
  queue: string;
  platform: string;
  accountId: string;
  action: { id: string; kind: string };
  via: string;
  filedAt: string;
  dueAt: string;
  resolvedAt: string | null;
  reason: string | null;
  /** What the person wrote: shown as text only. */
  statement: string;
  lang: string;
  assigneeId: string | null;
  leaseUntil: string | null;
  excluded: string[];
  overdue: boolean;
}
