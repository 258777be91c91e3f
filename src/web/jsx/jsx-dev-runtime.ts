// The development entry of the page renderer's JSX runtime (tools that compile JSX in development mode import it).
export { Fragment, type JSX, jsxDEV } from './jsx-runtime.ts';
