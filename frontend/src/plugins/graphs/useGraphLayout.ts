/** The layout of a graph with some scopes open, computed off the main thread; the last one stays until the next arrives. */
import { useEffect, useState } from "react";

import { layoutGraph, type Layout } from "./layout";
import type { GraphModel } from "./model";

export function useGraphLayout(model: GraphModel, expanded: ReadonlySet<string>) {
  const [layout, setLayout] = useState<Layout | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    layoutGraph(model, expanded).then(
      (result) => {
        if (!stale) {
          setLayout(result);
          setLayoutError(null);
        }
      },
      (error: Error) => !stale && setLayoutError(error.message),
    );
    return () => {
      stale = true;
    };
  }, [model, expanded]);
  return { layout, layoutError };
}
