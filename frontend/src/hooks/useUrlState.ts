/** The view state, mirrored into the URL with replaceState so the back button is not flooded. */
import { useCallback, useEffect, useState } from "react";

import { parseView, serializeView, type ViewState } from "../lib/urlState";

export type ViewPatch = Partial<ViewState> | ((view: ViewState) => Partial<ViewState>);

export function useUrlState(): [ViewState, (patch: ViewPatch) => void] {
  const [view, setViewState] = useState<ViewState>(() => parseView(window.location.search));

  useEffect(() => {
    const onPop = () => setViewState(parseView(window.location.search));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const setView = useCallback((patch: ViewPatch) => {
    setViewState((old) => {
      const next = { ...old, ...(typeof patch === "function" ? patch(old) : patch) };
      const search = serializeView(next);
      if (search !== window.location.search) {
        window.history.replaceState(null, "", `${window.location.pathname}${search}${window.location.hash}`);
      }
      return next;
    });
  }, []);

  return [view, setView];
}
