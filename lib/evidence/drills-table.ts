// The drills table: partition key planName, sort key startedAt (ISO-8601, so newest-first is a reverse query), and a
// byDrillId index for `dr-drill report <drill id>`. Items are the index entries, nothing more.
import { PutItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { rethrowClassified } from '../aws/classify-error';
import type { Deps } from '../lambda/deps';
import { drillIndexEntrySchema, type DrillIndexEntry } from './contracts';

/** Items a page: a month of daily drills in one read. */
const SINCE_PAGE = 50;

export class DrillsTable {
  constructor(
    private readonly deps: Pick<Deps, 'clients' | 'region'>,
    readonly tableName: string,
  ) {}

  private get dynamodb() {
    return this.deps.clients.get('dynamodb', this.deps.region);
  }

  async put(entry: DrillIndexEntry): Promise<void> {
    try {
      await this.dynamodb.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(entry, { removeUndefinedValues: true }) }));
    } catch (error) {
      rethrowClassified(error);
    }
  }

  /**
   * The plan's drills that started at or after `since` (ISO-8601), newest first: read page by page from the newest
   * and stopped at the first older one, so a plan with years of drills reads only its window.
   */
  async since(planName: string, since: string): Promise<DrillIndexEntry[]> {
    const entries: DrillIndexEntry[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    try {
      do {
        const out = await this.newestFirst(planName, SINCE_PAGE, startKey);
        for (const item of out.Items ?? []) {
          const parsed = drillIndexEntrySchema.safeParse(unmarshall(item));
          if (!parsed.success) continue;
          if (parsed.data.startedAt < since) return entries;
          entries.push(parsed.data);
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      rethrowClassified(error);
    }
    return entries;
  }

  /** The plan's previous drills, newest first, at most `limit` (entries that no longer parse are skipped). */
  async history(planName: string, limit: number): Promise<DrillIndexEntry[]> {
    try {
      const out = await this.newestFirst(planName, limit);
      return (out.Items ?? []).flatMap((item) => {
        const parsed = drillIndexEntrySchema.safeParse(unmarshall(item));
        return parsed.success ? [parsed.data] : [];
      });
    } catch (error) {
      return rethrowClassified(error);
    }
  }

  /** One page of the plan's drills, newest first (the table's sort key is startedAt). */
  private newestFirst(planName: string, limit: number, startKey?: Record<string, AttributeValue>) {
    return this.dynamodb.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'planName = :plan',
        ExpressionAttributeValues: marshall({ ':plan': planName }),
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
  }
}
