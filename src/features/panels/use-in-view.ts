// Whether an element is on screen or close to it. A panel's series are evaluated whatever its
// place (cheap, and its data attributes must hold for tests and exports), but an SVG chart costs
// layout and paint on every refresh: thirty live charts below the fold would spend the frame
// budget on pixels nobody sees.
import { type RefObject, useEffect, useState } from "react";

/** True while `ref`'s element is within `margin` of the viewport (true where there is no IntersectionObserver). */
export function useInView(ref: RefObject<Element | null>, margin = "300px"): boolean {
  const [inView, setInView] = useState(typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const element = ref.current;
    if (element === null || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) setInView(entry.isIntersecting);
    }, { rootMargin: margin });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, margin]);
  return inView;
}
