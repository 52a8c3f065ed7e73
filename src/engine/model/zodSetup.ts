// zod's global settings, applied before any schema is built (every module that builds a schema
// imports this file first: zod reads its JIT setting when a schema is constructed).
import { z } from 'zod';

// A page (the app, the Mermaid viewer) runs under a Content Security Policy without
// 'unsafe-eval', where zod's optional JIT (`new Function`) cannot work: zod would fall back by
// itself, but its probe alone is reported as a CSP violation. Node and workers keep the JIT.
if (typeof document !== 'undefined') z.config({ jitless: true });
