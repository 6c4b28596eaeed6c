import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config.js';
import { typeormOptions } from '../src/common/typeorm-options.js';

/** For the TypeORM CLI (`npx typeorm migration:show -d dist/database/data-source.js`). */
export default new DataSource({ ...typeormOptions(loadConfig()), migrationsRun: false });
