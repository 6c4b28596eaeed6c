import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { IsQueryYear, IsYear } from '../common/year.js';
import { YearScopeQuery } from '../common/year-scope.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateStudyThemeDto {
  /** The committee (or grassroots cell) whose subtree studies the theme. */
  @IsUUID()
  organizationId: string;

  @IsYear()
  year: number;

  /** "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về …" */
  @Transform(trim)
  @IsString()
  @Length(5, 500)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;
}

export class StudyThemeQuery {
  /** Themes that apply to this organisation: its own and those inherited from above. */
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @IsOptional()
  @IsQueryYear()
  year?: number;
}

/** A rate over one organisation's subtree for one year. */
export class YearRateQuery extends YearScopeQuery {}
