/** Who is acting, for history and audit: an operator over the API, or a local command-line user. */
export interface Actor {
  operatorId: string | null;
  username: string;
  requestId?: string | undefined;
  /** Why the data is being accessed, as the caller declared it (e.g. "guichet", "contrôle"). */
  purpose?: string | undefined;
}
