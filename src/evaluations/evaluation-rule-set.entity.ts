import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A published classification rule set (e.g. QĐ 366-QĐ/TW, version 1). Immutable once loaded: a cycle
 * pins one when it opens, so later rules never rewrite earlier results. `definition` is the JSON of a
 * RuleSetDefinition (rule-sets.ts).
 */
@Entity('evaluation_rule_set')
@Index(['code', 'version'], { unique: true })
export class EvaluationRuleSet {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 64 })
  regulation: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'date' })
  effectiveFrom: string;

  @Column({ type: 'text' })
  definition: string;

  @CreateDateColumn()
  createdAt: Date;
}
