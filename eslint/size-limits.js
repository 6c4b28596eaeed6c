/**
 * Size limits (STYLE.md, "Smells to refuse"): no product file over 600 lines, no service over 400,
 * no injectable or controller with six or more constructor dependencies. Lines are counted without
 * blank lines and comments. The files listed below broke a limit when the rule came in: each is held
 * at its present size so none grows, no new file joins them, and a file leaves its list once it is
 * split.
 */

/** Product files over 600 lines today, each held at its present length. */
const LONG_FILES = {};
/** Services over 400 lines today, each held at its present length. */
const LONG_SERVICES = {};
/** Injectables with six or more constructor dependencies today, each held at its present count. */
const MANY_DEPENDENCIES = {};

const MAX_DEPENDENCIES = 5;

/** Constructor parameters of a class decorated with `@Injectable()` or `@Controller()`: its injected dependencies. */
const maxInjectedDependencies = {
  meta: {
    type: 'suggestion',
    docs: { description: 'An @Injectable or @Controller class takes at most `max` constructor dependencies.' },
    schema: [{ type: 'object', properties: { max: { type: 'integer' } }, additionalProperties: false }],
    messages: {
      tooMany: '{{name}} injects {{count}} dependencies (at most {{max}}, STYLE.md): split it by use case.',
    },
  },
  create(context) {
    const max = context.options[0]?.max ?? MAX_DEPENDENCIES;
    const isInjectable = (decorator) => {
      const e = decorator.expression;
      const callee = e.type === 'CallExpression' ? e.callee : e;
      return callee.type === 'Identifier' && (callee.name === 'Injectable' || callee.name === 'Controller');
    };
    return {
      ClassDeclaration(node) {
        if (!(node.decorators ?? []).some(isInjectable)) return;
        const ctor = node.body.body.find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
        const count = ctor?.value.params.length ?? 0;
        if (count > max) {
          context.report({
            node: ctor,
            messageId: 'tooMany',
            data: { name: node.id?.name ?? 'class', count: String(count), max: String(max) },
          });
        }
      },
    };
  },
};

const lines = (max) => ['error', { max, skipBlankLines: true, skipComments: true }];
const dependencies = (max) => ['error', { max }];
const plugins = { size: { rules: { 'max-injected-dependencies': maxInjectedDependencies } } };
const held = (exceptions, rule, limit) =>
  Object.entries(exceptions).map(([file, max]) => ({ files: [file], rules: { [rule]: limit(max) } }));

export const sizeLimits = [
  { files: ['src/**/*.ts'], ignores: ['src/**/*.spec.ts'], rules: { 'max-lines': lines(600) } },
  { files: ['src/**/*.service.ts'], rules: { 'max-lines': lines(400) } },
  ...held(LONG_FILES, 'max-lines', lines),
  ...held(LONG_SERVICES, 'max-lines', lines),
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    plugins,
    rules: { 'size/max-injected-dependencies': dependencies(MAX_DEPENDENCIES) },
  },
  ...held(MANY_DEPENDENCIES, 'size/max-injected-dependencies', dependencies),
];
