export {
  Channel,
  isChannel,
  isDroppable,
  peerIdOf,
  type PeerId,
  type PeerStatus,
  type SendOutcome,
  type Transport,
  type TransportLog,
  type TransportLogEntry,
  type MessageHandler,
  type PeerHandler,
  type DisconnectHandler,
} from "./transport.ts";
export type { TransportOptions, TransportModules, PeerSpec, Address } from "./options.ts";
export {
  TcpTransport,
  type TcpTransportOptions,
  type TcpTransportModules,
} from "./tcp-transport.ts";
export {
  MemoryNetwork,
  MemoryTransport,
  type MemoryNetworkOptions,
  type MemoryTransportModules,
} from "./memory-transport.ts";
export { createNodeCertificate, type NodeCertificate } from "./certificate.ts";
export {
  P2P_PROTOCOL_VERSION,
  FRAME_HEADER_BYTES,
  FRAME_BYTES_MAX,
  FRAME_PAYLOAD_BYTES_MAX,
  HANDSHAKE_FRAME_BYTES_MAX,
  QUEUE_BYTES_MAX_DEFAULT,
  QUEUE_FRAMES_MAX_DEFAULT,
  SOCKET_BUFFER_BYTES_TARGET,
  HANDSHAKE_TIMEOUT_MS_DEFAULT,
  RECONNECT_DELAY_MS_MIN_DEFAULT,
  RECONNECT_DELAY_MS_MAX_DEFAULT,
  KEEPALIVE_DELAY_MS,
  HANDSHAKING_LINKS_MAX,
  PEERS_MAX,
} from "./limits.ts";
