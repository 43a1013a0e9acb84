/**
 * The command that sets up the lab on a Debian machine: Docker Engine, the registry on
 * 127.0.0.1:5000 and the lab images (scripts/lab.sh, which must run as root).
 */
export const LAB_SETUP_COMMAND = "sudo bash scripts/lab.sh";
