import { Component, type ErrorInfo, type ReactNode } from "react";

import { cls } from "../lib/names";

export interface ErrorBoundaryProps {
  /** What failed, for the message: "This chart", "The images dashboard". */
  what: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** Keeps a failure local: the broken part says what happened while the rest keeps working. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.what} failed`, error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className={cls("error")} role="alert">
        {this.props.what} could not be shown: {this.state.error.message}.{" "}
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
