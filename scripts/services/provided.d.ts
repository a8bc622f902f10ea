// Values scripts/services/global-setup.ts hands to tests through vitest's provide/inject:
//   import { inject } from 'vitest';
//   const brokers = inject('kafkaBrokers'); // "127.0.0.1:<port>"
//   const url = inject('mongoUrl');         // "mongodb://127.0.0.1:<port>/"
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Kafka bootstrap servers, comma-separated host:port (same as EVENTFLOW_KAFKA_BROKERS). */
    kafkaBrokers: string;
    /** MongoDB-wire connection string (same as EVENTFLOW_MONGO_URL). */
    mongoUrl: string;
    /** Run dir of the servers this run started, or null when both came from the environment. */
    servicesRunDir: string | null;
  }
}
