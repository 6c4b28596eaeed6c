import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateStudyThemeDto {
  /** The committee (or grassroots cell) whose subtree studies the theme. */
  @IsUUID()
  organizationId: string;

  @IsInt()
  @Min(2000)
  @Max(2100)
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
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

/** A rate over one organisation's subtree for one year. */
export class YearRateQuery {
  @IsUUID()
  organizationId: string;

  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}
