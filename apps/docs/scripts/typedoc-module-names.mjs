// @ts-check
// A local TypeDoc plugin: names a module still called by its path (`react/src`) after its package, for the
// entry whose first statement is a directive ('use client') and so cannot carry a `@module` comment.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const m = /^(\w+)\/src$/.exec(mod.name);
      if (m) mod.name = `@web-identity/${m[1]}`;
    }
  });
}
