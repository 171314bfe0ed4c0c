// Runs pkcs11js in a worker thread (see pkcs11-worker.mjs for why) behind the Pkcs11Api interface.
import { Worker } from 'node:worker_threads';
import {
  type Attribute,
  type AttributeResult,
  type Handle,
  type Mechanism,
  type ModuleInfo,
  type OpenedSigningSession,
  type Pkcs11Api,
  Pkcs11CallError,
  type SignatureRequest,
  type SlotInfo,
  type TokenInfo,
} from './pkcs11-api.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  operation: string;
}

type WorkerAnswer =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name?: string; message: string; code: number; method: string } };

/** Buffers come back from the thread as Uint8Arrays. */
function toBuffers(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(toBuffers);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toBuffers(v)]));
  }
  return value;
}

export class Pkcs11Thread implements Pkcs11Api {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  async open(modulePath: string): Promise<void> {
    await this.call('load', modulePath);
    await this.call('initialize');
  }

  async close(): Promise<void> {
    if (!this.worker) return;
    try {
      await this.call('finalize');
    } catch {
      // Closing anyway: a module that cannot finalise is still unloaded with the thread.
    }
    const worker = this.worker;
    this.worker = null;
    await worker.terminate();
  }

  getInfo(): Promise<ModuleInfo> {
    return this.call('getInfo') as Promise<ModuleInfo>;
  }
  getSlotList(tokenPresent: boolean): Promise<Handle[]> {
    return this.call('getSlotList', tokenPresent) as Promise<Handle[]>;
  }
  getSlotInfo(slot: Handle): Promise<SlotInfo> {
    return this.call('getSlotInfo', slot) as Promise<SlotInfo>;
  }
  getTokenInfo(slot: Handle): Promise<TokenInfo> {
    return this.call('getTokenInfo', slot) as Promise<TokenInfo>;
  }
  getMechanismList(slot: Handle): Promise<number[]> {
    return this.call('getMechanismList', slot) as Promise<number[]>;
  }
  openSession(slot: Handle, flags: number): Promise<Handle> {
    return this.call('openSession', slot, flags) as Promise<Handle>;
  }
  async closeSession(session: Handle): Promise<void> {
    await this.call('closeSession', session);
  }
  async login(session: Handle, userType: number, pin?: string): Promise<void> {
    await this.call('login', session, userType, pin);
  }
  async logout(session: Handle): Promise<void> {
    await this.call('logout', session);
  }
  findObjects(session: Handle, template: Attribute[]): Promise<Handle[]> {
    return this.call('findObjects', session, template) as Promise<Handle[]>;
  }
  getAttributeValue(session: Handle, object: Handle, template: Attribute[]): Promise<AttributeResult[]> {
    return this.call('getAttributeValue', session, object, template) as Promise<AttributeResult[]>;
  }
  sign(session: Handle, mechanism: Mechanism, key: Handle, data: Buffer): Promise<Buffer> {
    return this.call('sign', session, mechanism, key, data) as Promise<Buffer>;
  }

  openSigningSession(
    slot: Handle,
    expectedSerialNumber: string | null,
    certificateLabels: string[],
  ): Promise<OpenedSigningSession> {
    return this.call(
      'openSigningSession',
      slot,
      expectedSerialNumber,
      certificateLabels,
    ) as Promise<OpenedSigningSession>;
  }
  finishSignature(
    slot: Handle,
    session: Handle,
    request: SignatureRequest,
  ): Promise<{ signature: Buffer | null }> {
    return this.call('finishSignature', slot, session, request) as Promise<{ signature: Buffer | null }>;
  }

  private call(operation: string, ...args: unknown[]): Promise<unknown> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // Referenced only while a call is under way: the thread alone must not keep the process alive.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject, operation });
      worker.postMessage({ id, operation, args });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./pkcs11-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (answer: WorkerAnswer) => this.settle(answer));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error('the PKCS#11 thread stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private settle(answer: WorkerAnswer): void {
    const pending = this.pending.get(answer.id);
    if (!pending) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (answer.ok) {
      pending.resolve(toBuffers(answer.result));
    } else {
      const { message, method } = answer.error;
      const ckr = /^CKR_[A-Z0-9_]+$/.test(message) ? message : '';
      pending.reject(new Pkcs11CallError(ckr, message, method || pending.operation));
    }
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new Pkcs11CallError('', error.message, pending.operation));
    }
  }
}
