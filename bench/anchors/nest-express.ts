import 'reflect-metadata';
import { Controller, Get, Injectable, Module, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Column, Entity, PrimaryColumn, Repository } from 'typeorm';

/**
 * Anchor 2, what most NestJS projects ship: the default Express adapter, a TypeORM entity, a
 * service with an injected repository and a controller, reading one member by primary key. No
 * authentication. Same SQLite file as camket. Env: BENCH_DB (SQLite path), PORT.
 */
@Entity('member')
class MemberRow {
  @PrimaryColumn({ type: 'varchar' })
  id: string;
  @Column({ type: 'varchar', length: 200 })
  fullName: string;
  @Column({ type: 'varchar', length: 200 })
  searchName: string;
  @Column({ type: 'varchar', length: 32, nullable: true })
  partyCardNumber: string | null;
  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;
  @Column({ type: 'varchar', length: 8, nullable: true })
  gender: string | null;
  @Column({ type: 'varchar', length: 36 })
  cellId: string;
  @Column({ type: 'varchar', length: 16 })
  status: string;
  @Column({ type: 'date', nullable: true })
  joinedPartyOn: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true })
  position: string | null;
  @Column({ type: 'boolean' })
  isExempt: boolean;
  @Column({ type: 'boolean' })
  isSuspended: boolean;
  @Column({ type: 'integer' })
  version: number;
  @Column({ type: Date })
  createdAt: Date;
  @Column({ type: Date })
  updatedAt: Date;
}

@Injectable()
class MembersService {
  constructor(@InjectRepository(MemberRow) private readonly members: Repository<MemberRow>) {}

  async get(id: string): Promise<MemberRow> {
    const member = await this.members.findOneBy({ id });
    if (!member) throw new NotFoundException('Member not found');
    return member;
  }
}

@Controller('members')
class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.members.get(id);
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'better-sqlite3',
      database: process.env.BENCH_DB ?? 'database/camket.sqlite',
      entities: [MemberRow],
      synchronize: false,
    }),
    TypeOrmModule.forFeature([MemberRow]),
  ],
  providers: [MembersService],
  controllers: [MembersController],
})
class AnchorModule {}

const app = await NestFactory.create(AnchorModule, new ExpressAdapter(), { logger: ['error'] });
await app.listen(Number(process.env.PORT ?? 3103), '127.0.0.1');
