import { Injectable } from '@nestjs/common';

/** How often a cache answered from what it kept (hits) and how often it computed the answer (misses). */
export interface CacheCounts {
  hits: number;
  misses: number;
}

/**
 * The in-process caches (ReadCache, ActorCache, ReportCache) report their counts here, so /metrics
 * reads them without importing the modules that own them. Read at each scrape, never written to.
 */
@Injectable()
export class CacheStats {
  private readonly sources = new Map<string, () => CacheCounts>();

  register(cache: string, counts: () => CacheCounts): void {
    this.sources.set(cache, counts);
  }

  snapshot(): Array<{ cache: string } & CacheCounts> {
    return [...this.sources].map(([cache, counts]) => ({ cache, ...counts() }));
  }
}
