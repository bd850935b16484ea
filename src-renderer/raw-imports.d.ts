/** Vite's `?raw` suffix imports a file's text (used by the theme contrast test to read styles.css). */
declare module '*.css?raw' {
  const text: string;
  export default text;
}
