/**
 * The view state, mirrored into the URL with replaceState so the back button is not flooded. The
 * URL is written after the frame that shows a change has painted, once for a burst of changes, so
 * a keystroke in a filter pays for neither serializing the view nor the history call.
 */
import { useCallback, useEffect, useRef, useState } from "react";

import { parseView, serializeView, type ViewState } from "../lib/urlState";

export type ViewPatch = Partial<ViewState> | ((view: ViewState) => Partial<ViewState>);

export function useUrlState(): [ViewState, (patch: ViewPatch) => void] {
  const [view, setViewState] = useState<ViewState>(() => parseView(window.location.search));
  const initial = useRef(view);
  const latest = useRef(view);
  const pending = useRef(false);

  useEffect(() => {
    const onPop = () => setViewState(parseView(window.location.search));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  useEffect(() => {
    latest.current = view;
    if (view === initial.current || pending.current) return;
    pending.current = true;
    // After the next paint: the frame's task, then ours.
    requestAnimationFrame(() =>
      setTimeout(() => {
        pending.current = false;
        writeUrl(latest.current);
      }, 0),
    );
  }, [view]);

  const setView = useCallback((patch: ViewPatch) => {
    setViewState((old) => ({ ...old, ...(typeof patch === "function" ? patch(old) : patch) }));
  }, []);

  return [view, setView];
}

function writeUrl(view: ViewState): void {
  const search = serializeView(view);
  if (search !== window.location.search) {
    window.history.replaceState(null, "", `${window.location.pathname}${search}${window.location.hash}`);
  }
}
