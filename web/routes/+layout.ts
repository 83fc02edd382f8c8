// A client-rendered shell: the Fastify process serves build/200.html for every
// page path and all figures come from /api at run time.
export const ssr = false;
export const prerender = false;
