import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// One entry per view (as jenkinsci/pipeline-graph-view-plugin has it), built with stable names into the jar's
// classpath folder that cdp console and the Jenkins plugin serve.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "target/classes/io/cdpipelines/console/static",
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      input: { "deploy-view": "src/main/frontend/deploy-view/index.tsx" },
      output: {
        entryFileNames: "[name].js",
        chunkFileNames: "[name].js",
        assetFileNames: "[name][extname]",
      },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/main/frontend/**/*.test.tsx", "src/main/frontend/**/*.test.ts"],
  },
});
