// Every periodic task of a process, in one registry: each has a name, the roles that run
// it, an interval and a body. The composition root registers them and starts those of the
// roles this process has; stop() waits for a run in progress, so a task never runs
// against a closed store.
import type { Role } from '../config/roles.js';

export interface PeriodicTask {
  name: string;
  roles: readonly Role[];
  everyMs: number;
  run(): Promise<unknown>;
}

export interface TaskLog {
  error(detail: { task: string; err: unknown }, message: string): void;
}

export class PeriodicTasks {
  private readonly tasks: PeriodicTask[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  add(task: PeriodicTask): this {
    this.tasks.push(task);
    return this;
  }

  /** The tasks that processes with these roles run. */
  forRoles(roles: readonly Role[]): PeriodicTask[] {
    return this.tasks.filter((t) => t.roles.some((r) => roles.includes(r)));
  }

  start(roles: readonly Role[], log: TaskLog): void {
    for (const task of this.forRoles(roles)) {
      let busy = false;
      const timer = setInterval(() => {
        // A run that takes longer than the interval is not stacked on.
        if (busy) return;
        busy = true;
        const run = task
          .run()
          .catch((err: unknown) => log.error({ task: task.name, err }, `${task.name} failed`))
          .finally(() => {
            busy = false;
            this.running.delete(run);
          });
        this.running.add(run);
      }, task.everyMs);
      // Periodic work never keeps a process alive on its own.
      timer.unref();
      this.timers.push(timer);
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    await Promise.allSettled([...this.running]);
  }
}
