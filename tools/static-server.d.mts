export interface StaticApp {
  url: string;
  close(): Promise<void>;
}
export declare function serveApp(root: string, config: unknown, port?: number): Promise<StaticApp>;
