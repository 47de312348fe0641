import { Component, type ReactNode } from 'react';

interface State {
  error?: string;
}

/**
 * A rendering bug shows one line instead of a blank page. It wraps only the archive's view,
 * which is remounted for the next file, so the picker keeps working.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error.message.split('\n', 1)[0] : String(error) };
  }

  override render(): ReactNode {
    if (this.state.error === undefined) return this.props.children;
    return (
      <p className="error" data-testid="error">
        could not display this archive: {this.state.error}
      </p>
    );
  }
}
