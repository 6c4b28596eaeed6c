import {
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor, UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { ImportQuery, ImportUploadDto, TemplateQuery } from './imports.dto.js';
import { Download, ImportsService } from './imports.service.js';

/** Upload cap: 10,000 members are about 1 MB as CSV and less as XLSX. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

const download = (d: Download) =>
  new StreamableFile(d.buffer, { type: d.contentType, disposition: `attachment; filename="${d.filename}"` });

@ApiTags('members')
@ApiBearerAuth()
@Controller('members/import')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** Imports members from an XLSX or CSV file (multipart field `file`); `?dryRun=true` only validates. */
  @Post()
  @HttpCode(200)
  @RequirePermission('member.import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } }))
  import(
    @CurrentActor() actor: Actor,
    @Query() q: ImportQuery,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ) {
    return this.imports.importMembers(actor, file?.buffer, q.dryRun ?? false);
  }

  /** The spreadsheet template with the Vietnamese headers the import expects. */
  @Get('template')
  @RequirePermission('member.import')
  async template(@Query() q: TemplateQuery) {
    return download(await this.imports.template(q.format));
  }
}
