// The operator's review file (VIGIE_REVIEW_RULES): queue routing and, per platform, the link
// patterns that turn a pasted URL into an account or a post. Read once at start and checked
// whole: a file that does not parse stops the start with the reason, rather than routing
// cases nowhere.
import { readFileSync } from 'node:fs';
import {
  DEFAULT_ROUTES,
  ReviewRulesFile,
  compileLinkPatterns,
  resolveLink,
  routeCase,
  type CaseFacts,
  type LinkTarget,
  type RouteRule,
} from '../../moderation/review-rules.js';

export class ReviewRules {
  private readonly links: Map<string, ReturnType<typeof compileLinkPatterns>>;

  constructor(
    private readonly routes: readonly RouteRule[] = DEFAULT_ROUTES,
    links: Record<string, readonly string[]> = {},
  ) {
    this.links = new Map(Object.entries(links).map(([platform, patterns]) => [platform, compileLinkPatterns(patterns)]));
  }

  static load(path: string | undefined): ReviewRules {
    if (path === undefined) return new ReviewRules();
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`VIGIE_REVIEW_RULES: ${path} cannot be read as JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const parsed = ReviewRulesFile.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`VIGIE_REVIEW_RULES: ${path}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
    }
    return new ReviewRules(parsed.data.queues ?? DEFAULT_ROUTES, parsed.data.links ?? {});
  }

  queueFor(facts: CaseFacts): string {
    return routeCase(facts, this.routes);
  }

  /** The account and post a link names on this platform; null when no pattern of the platform fits. */
  resolve(platform: string, url: string): LinkTarget | null {
    const patterns = this.links.get(platform);
    return patterns ? resolveLink(url, patterns) : null;
  }
}
