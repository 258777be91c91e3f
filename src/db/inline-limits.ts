// Limits and offsets go into the SQL text as numbers, on both dialects: a page size is not data, and there
// are only a few of them.
// - PostgreSQL plans a named prepared statement for each run's values (a custom plan) until it finds a
//   generic plan no costlier. With `limit $1`, the generic plan must assume any limit, so it never wins: the
//   follow-up list's five-table join was planned again on every page, 3-4 ms of PostgreSQL's CPU against
//   ~1 ms to run it. With the number in the text, the generic plan equals the custom one and is kept after
//   five runs.
// - SQLite looks at the value bound to `limit ?` when it prepares the statement (sqlite3ExprIsInteger), and
//   marks the statement to be prepared again whenever that parameter is bound: every run of a list query
//   compiled it again, ~50-70 µs for the order's tab (3× its run), however long the statement was cached.
// It is done where the SQL is printed, by the dialects' query compilers, rather than by a plugin rewriting
// each query's tree first: Kysely's OperationNodeTransformer copies every node of the tree, ~90 µs for the
// follow-up list, 4 % of the list page's CPU.
import {
  type DefaultQueryCompiler,
  LimitNode,
  OffsetNode,
  type OperationNode,
  PostgresDialect,
  PostgresQueryCompiler,
  type QueryCompiler,
  SqliteDialect,
  SqliteQueryCompiler,
  ValueNode,
} from 'kysely';

/** A parameter holding a whole number, as a literal; anything else is left as it is. */
function inlined(node: OperationNode): OperationNode {
  if (!ValueNode.is(node) || node.immediate) return node;
  const v = node.value;
  return typeof v === 'number' && Number.isSafeInteger(v) ? ValueNode.createImmediate(v) : node;
}

// biome-ignore lint/suspicious/noExplicitAny: a mixin's base class takes any constructor arguments
type CompilerClass = abstract new (...args: any[]) => DefaultQueryCompiler;

/** The dialect's query compiler, printing whole-number limits and offsets into the SQL text. */
function inliningLimits<C extends CompilerClass>(Compiler: C) {
  abstract class InliningLimits extends Compiler {
    protected override visitLimit(node: LimitNode): void {
      super.visitLimit(LimitNode.create(inlined(node.limit)));
    }

    protected override visitOffset(node: OffsetNode): void {
      super.visitOffset(OffsetNode.create(inlined(node.offset)));
    }
  }
  return InliningLimits;
}

class SqliteCompiler extends inliningLimits(SqliteQueryCompiler) {}
class PostgresCompiler extends inliningLimits(PostgresQueryCompiler) {}

/** Kysely's SQLite dialect, with limits and offsets in the SQL text. */
export class SqliteDialectInliningLimits extends SqliteDialect {
  override createQueryCompiler(): QueryCompiler {
    return new SqliteCompiler();
  }
}

/** Kysely's PostgreSQL dialect, with limits and offsets in the SQL text. */
export class PostgresDialectInliningLimits extends PostgresDialect {
  override createQueryCompiler(): QueryCompiler {
    return new PostgresCompiler();
  }
}
