/**
 * Globals every runtime of src-shared has (Node, Electron, browsers), declared for `tsc -p src-shared`
 * alone: this folder compiles without DOM or Node types so that neither can slip in. Every other
 * project compiles these files against its runtime's own declarations, which this file never joins.
 */
interface URL {
  readonly origin: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly href: string;
}

declare const URL: { new (url: string, base?: string): URL };
