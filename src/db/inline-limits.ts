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
import {
  type KyselyPlugin,
  LimitNode,
  OffsetNode,
  type OperationNode,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  ValueNode,
} from 'kysely';

/** A parameter holding a whole number, as a literal; anything else is left as it is. */
function inlined(node: OperationNode): OperationNode {
  if (!ValueNode.is(node) || node.immediate) return node;
  const v = node.value;
  return typeof v === 'number' && Number.isSafeInteger(v) ? ValueNode.createImmediate(v) : node;
}

class LimitInliner extends OperationNodeTransformer {
  protected override transformLimit(node: LimitNode): LimitNode {
    return LimitNode.create(inlined(this.transformNode(node.limit)));
  }

  protected override transformOffset(node: OffsetNode): OffsetNode {
    return OffsetNode.create(inlined(this.transformNode(node.offset)));
  }
}

export class InlineLimitsPlugin implements KyselyPlugin {
  readonly #transformer = new LimitInliner();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
