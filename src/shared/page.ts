// The list envelope every list endpoint returns.
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
