import { defineConformance } from './conformance.js';
import { defineSmoke } from './smoke.js';

defineConformance('webkit');
defineSmoke('webkit', { tabs: true });
