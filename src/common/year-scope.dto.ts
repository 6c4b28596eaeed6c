import { IsUUID } from 'class-validator';
import { IsQueryYear } from './year.js';

/**
 * One organisation's subtree (within the caller's reach) for one year. Routes take a subclass of
 * their own: Swagger lists a subclass's own query parameters before the inherited ones only while
 * this class has not been explored as a route's query itself.
 */
export class YearScopeQuery {
  @IsUUID()
  organizationId: string;

  @IsQueryYear()
  year: number;
}
