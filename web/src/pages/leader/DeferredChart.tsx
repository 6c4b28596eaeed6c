import { ReactNode, startTransition, useEffect, useRef, useState } from 'react';

/**
 * A chart drawn once its place comes near the screen, after the figures beside it are painted.
 * Recharts measures its box and its labels in the DOM as it mounts (forced layouts, a few hundred
 * milliseconds for the dashboard's six charts on a loaded machine); drawn with the figures, they
 * held the figures back. The place keeps the chart's height, so nothing moves when it appears.
 * `draw` is called only then, so the chart's data is not even computed before.
 */
export function DeferredChart({ height, draw }: { height: number; draw: () => ReactNode }) {
  const place = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const el = place.current;
    if (!el || shown) return;
    // jsdom (component tests) has no IntersectionObserver: draw at once.
    if (typeof IntersectionObserver === 'undefined') {
      setShown(true);
      return;
    }
    // Called after layout, so after the frame that painted the figures; a transition lets a report's
    // figures that arrive meanwhile be drawn first.
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        startTransition(() => setShown(true));
      },
      { rootMargin: '200px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [shown]);
  return (
    <div ref={place} style={{ minHeight: height }}>
      {shown ? draw() : null}
    </div>
  );
}
