#!/usr/bin/env node
import { createRequire as __modelbakeCreateRequire } from 'node:module'
const require = __modelbakeCreateRequire(import.meta.url)
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq2 = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar2(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias2;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap2;
    exports.isNode = isNode;
    exports.isPair = isPair;
    exports.isScalar = isScalar2;
    exports.isSeq = isSeq2;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path) {
      const ctrl = callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = visit_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path) {
      const ctrl = await callVisitor(key, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path) {
      if (typeof visitor === "function")
        return visitor(key, node, path);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
      return void 0;
    }
    function replaceNode(key, path, node) {
      const parent = path[path.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count)
            count = c;
        }
        return count;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path, value) {
      let v = value;
      for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path) => path == null || typeof path === "object" && !!path[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path, value) {
        if (isEmptyPath(path))
          this.add(value);
        else {
          const [key, ...rest] = path;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str, indent, comment) => str.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text.length <= endStep)
        return text;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text;
      if (onFold)
        onFold();
      let res = text.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text.length;
        if (fold === 0)
          res = `
${indent}${text.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text[fold]}\\`;
          res += `
${indent}${text.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text[++i];
        } else {
          do {
            ch = text[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
    function lineLengthOverLimit(str, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str += json.slice(start, i);
                const code = json.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str += "\\0";
                    break;
                  case "0007":
                    str += "\\a";
                    break;
                  case "000b":
                    str += "\\v";
                    break;
                  case "001b":
                    str += "\\e";
                    break;
                  case "0085":
                    str += "\\N";
                    break;
                  case "00a0":
                    str += "\\_";
                    break;
                  case "2028":
                    str += "\\L";
                    break;
                  case "2029":
                    str += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str += "\\x" + code.substr(2);
                    else
                      str += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str += "\n";
                  i += 2;
                }
                str += indent;
                if (json[i + 2] === " ")
                  str += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str = start ? str + json.slice(start) : json;
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal2 = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.Scalar.BLOCK_FOLDED ? false : type === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal2 ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header2 = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header2 += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal2) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header2}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header2}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter((t) => t.identify?.(obj));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str;
      return identity.isScalar(node) || str[0] === "{" || str[0] === "[" ? `${props} ${str}` : `${props}
${ctx.indent}${str}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str === "" ? "?" : explicitKey ? `? ${str}` : str;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}
${indent}:`;
      } else {
        str = `${str}:`;
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str2 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str2);
      }
      let str;
      if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
      } else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes("\n"));
        if (i < items.length - 1) {
          str += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str += ",";
          }
        }
        if (comment)
          str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str = start;
          for (const line of lines)
            str += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str) => str,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str) => new Scalar.Scalar(str[0] === "t" || str[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf(".");
        if (dot !== -1 && str[str.length - 1] === "0")
          node.minFractionDigits = str.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str) => str,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str) => str === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str) => parseFloat(str),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str.length);
          for (let i = 0; i < str.length; ++i)
            buffer[i] = str.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str;
        if (typeof node_buffer.Buffer === "function") {
          str = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str.substr(o, lineWidth);
          }
          str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys2 = Object.keys(it);
            if (keys2.length === 1) {
              key = keys2[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys2.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, "")));
        const dot = str.indexOf(".");
        if (dot !== -1) {
          const f = str.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str, offset, radix, { intAsBigInt }) {
      const sign = str[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str = str.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str = `0b${str}`;
            break;
          case 8:
            str = `0o${str}`;
            break;
          case 16:
            str = `0x${str}`;
            break;
        }
        const n2 = BigInt(str);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? "-" + prefix + str.substr(1) : prefix + str;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair.Pair(key.key, null);
        else
          pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set3 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set3.items.push(Pair.createPair(value, null, ctx));
          }
        return set3;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set2 = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str, asBigInt) {
      const sign = str[0];
      const parts = sign === "-" || sign === "+" ? str.substring(1) : str;
      const num = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str) => parseSexagesimal(str, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set2 = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.trueTag,
      bool.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set2.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set2 = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set2.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set2.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys2 = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys2} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys2 = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys2}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path) {
        if (Collection.isEmptyPath(path))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep: sep2, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep2?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep2) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep2 ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep2, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep2 = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep2 + cb;
              sep2 = "";
              break;
            }
            case "newline":
              if (comment)
                sep2 += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap2 = fc.start.source === "{";
      const fcName = isMap2 ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap2 ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep: sep2, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep2?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep2 && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap2 && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap2 && !sep2 && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep2, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep2 ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap2 && !props.found && ctx.options.strict) {
              if (sep2)
                for (const st of sep2) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep2, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap2) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap2 ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header2 = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header2)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header2.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header2.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header2.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header2.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header2.indent;
      let offset = scalar.offset + header2.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header2.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header2.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep2 = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header2.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep2 + indent.slice(trimIndent) + content;
          sep2 = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep2 === " ")
            sep2 = "\n";
          else if (!prevMoreIndented && sep2 === "\n")
            sep2 = "\n\n";
          value += sep2 + indent.slice(trimIndent) + content;
          sep2 = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep2 === "\n")
            value += "\n";
          else
            sep2 = "\n";
        } else {
          value += sep2 + content;
          sep2 = " ";
          prevMoreIndented = false;
        }
      }
      switch (header2.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header2.length + scalar.source.length;
      return { value, type, comment: header2.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep2 = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep2 === "\n")
            res += sep2;
          else
            sep2 = "\n";
        } else {
          res += sep2 + lm;
          sep2 = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep2 + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header2 = token.props[0];
            if (header2.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header2.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header2 = token.props[0];
        if (header2.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header2.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep: sep2, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep2)
        for (const st of sep2)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path) => {
      let item = cst;
      for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path) => {
      const parent = visit.itemAtPath(cst, path.slice(0, -1));
      const field = path[path.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path, item, visitor) {
      let ctrl = visitor(item, path);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar2 = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar2;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter2 = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter2;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep2;
          if (scalar.end) {
            sep2 = scalar.end;
            sep2.push(this.sourceToken);
            delete scalar.end;
          } else
            sep2 = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep: sep2 }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep2 = it.sep;
                  sep2.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep: sep2 }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep2 = fc.end.splice(1, fc.end.length);
            sep2.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep: sep2 }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument2(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument2(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument2;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// src/cli/main.ts
import { readFileSync as readFileSync2 } from "node:fs";

// src/core/cache-dir.ts
import { sep, join } from "node:path";

// src/core/errors.ts
var ModelbakeError = class extends Error {
  repo;
  hint;
  exitCode;
  constructor(message, options = {}) {
    super(message, { cause: options.cause });
    this.name = "ModelbakeError";
    this.repo = options.repo;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
};
var EXIT_FAILURE = 1;
var EXIT_USAGE = 2;
var UsageError = class extends ModelbakeError {
  constructor(message, options = {}) {
    super(message, { ...options, exitCode: EXIT_USAGE });
    this.name = "UsageError";
  }
};
function formatError(error) {
  if (error instanceof ModelbakeError) {
    const head = error.repo ? `${error.repo}: ${error.message}` : error.message;
    return error.hint ? `${head}
  \u2192 ${error.hint}` : head;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

// src/core/types.ts
function etagOf(file) {
  return file.lfs ? file.lfs.sha256 : file.blobId;
}
function digestOf(file) {
  return file.lfs ? { algorithm: "sha256", hex: file.lfs.sha256 } : { algorithm: "git-sha1", hex: file.blobId };
}
var COMMIT_RE = /^[0-9a-f]{40}$/;

// src/core/patterns.ts
var STAR = /* @__PURE__ */ Symbol("star");
function literal(char) {
  return /^[A-Za-z0-9_]$/.test(char) ? char : `\\u{${char.codePointAt(0).toString(16)}}`;
}
function indexOfFrom(chars, wanted, from, to) {
  for (let k = from; k < to; k++) if (chars[k] === wanted) return k;
  return -1;
}
var RANGE = /* @__PURE__ */ Symbol("range");
function translateSet(chars, start, end) {
  let chunks;
  const stuff = chars.slice(start, end);
  if (!stuff.includes("-")) {
    chunks = [stuff];
  } else {
    chunks = [];
    let from = start;
    let k = chars[start] === "!" ? start + 2 : start + 1;
    for (; ; ) {
      k = indexOfFrom(chars, "-", k, end);
      if (k < 0) break;
      chunks.push(chars.slice(from, k));
      from = k + 1;
      k += 3;
    }
    const last = chars.slice(from, end);
    if (last.length > 0) chunks.push(last);
    else chunks[chunks.length - 1].push("-");
    for (let k2 = chunks.length - 1; k2 > 0; k2--) {
      const before = chunks[k2 - 1];
      const after = chunks[k2];
      if (before[before.length - 1].codePointAt(0) > after[0].codePointAt(0)) {
        chunks[k2 - 1] = [...before.slice(0, -1), ...after.slice(1)];
        chunks.splice(k2, 1);
      }
    }
  }
  const tokens = [];
  chunks.forEach((chunk, index) => {
    if (index > 0) tokens.push(RANGE);
    tokens.push(...chunk);
  });
  if (tokens.length === 0) return "(?!)";
  if (tokens.length === 1 && tokens[0] === "!") return ".";
  let negate = false;
  if (tokens[0] === "!") {
    negate = true;
    tokens.shift();
  }
  let body = "";
  for (let t = 0; t < tokens.length; ) {
    const token = tokens[t++];
    const low = token === RANGE ? "-" : token;
    if (tokens[t] === RANGE && t + 1 < tokens.length) {
      const next = tokens[t + 1];
      const high = next === RANGE ? "-" : next;
      t += 2;
      if (high.codePointAt(0) < low.codePointAt(0)) {
        throw new Error(`bad character range ${low}-${high}`);
      }
      body += `${literal(low)}-${literal(high)}`;
    } else {
      body += literal(low);
    }
  }
  return `[${negate ? "^" : ""}${body}]`;
}
function pieces(pattern) {
  const chars = Array.from(pattern);
  const out = [];
  const n = chars.length;
  let i = 0;
  while (i < n) {
    const c = chars[i++];
    if (c === "*") {
      if (out[out.length - 1] !== STAR) out.push(STAR);
    } else if (c === "?") {
      out.push(".");
    } else if (c === "[") {
      let j = i;
      if (j < n && chars[j] === "!") j++;
      if (j < n && chars[j] === "]") j++;
      while (j < n && chars[j] !== "]") j++;
      if (j >= n) {
        out.push(literal("["));
      } else {
        out.push(translateSet(chars, i, j));
        i = j + 1;
      }
    } else {
      out.push(literal(c));
    }
  }
  return out;
}
function translatePattern(pattern) {
  const input = pieces(pattern);
  let source = "";
  let group = 0;
  let i = 0;
  while (i < input.length && input[i] !== STAR) source += input[i++];
  while (i < input.length) {
    i++;
    let fixed = "";
    while (i < input.length && input[i] !== STAR) fixed += input[i++];
    if (i === input.length) {
      source += `.*${fixed}`;
    } else {
      group++;
      source += `(?=(.*?${fixed}))(?:\\${group})`;
    }
  }
  return new RegExp(`^(?:${source})$`, "su");
}
var MAX_CACHED = 4096;
var compiled = /* @__PURE__ */ new Map();
function compile(pattern) {
  let regex = compiled.get(pattern);
  if (!regex) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    regex = translatePattern(pattern);
    compiled.set(pattern, regex);
  }
  return regex;
}
function normalizeSeparators(value) {
  return value.replaceAll("\\", "/");
}
function normalizePattern(pattern) {
  const normalized = normalizeSeparators(pattern);
  return normalized.endsWith("/") ? `${normalized}*` : normalized;
}
function filterRepoItems(items, pathOf, allow, ignore) {
  const allowRes = allow?.map((p) => compile(normalizePattern(p)));
  const ignoreRes = ignore?.map((p) => compile(normalizePattern(p)));
  const kept = [];
  for (const item of items) {
    const path = normalizeSeparators(pathOf(item));
    if (allowRes && !allowRes.some((re) => re.test(path))) continue;
    if (ignoreRes && ignoreRes.some((re) => re.test(path))) continue;
    kept.push(item);
  }
  return kept;
}
function filterRepoPaths(paths, allow, ignore) {
  return filterRepoItems(paths, (path) => path, allow, ignore);
}

// src/core/tree-listing.ts
var TREE_LISTING_FORMAT_VERSION = 1;
var XET_HASH_RE = /^[0-9a-fA-F]{64}$/;
function isValidXetHash(hash) {
  return XET_HASH_RE.test(hash);
}
function compareCodePoints(a, b) {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (; ; ) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done ? y.done ? 0 : -1 : 1;
    if (x.value !== y.value) return x.value.codePointAt(0) - y.value.codePointAt(0);
  }
}
function pythonJsonString(value) {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const char = value[i];
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "	") out += "\\t";
    else if (char === "\b") out += "\\b";
    else if (char === "\f") out += "\\f";
    else if (unit >= 32 && unit <= 126) out += char;
    else out += `\\u${unit.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}
function pythonJsonInt(value, what) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ModelbakeError(
      `Cannot write the tree listing: ${what} is ${value}, not a byte count.`
    );
  }
  return String(value);
}
function isTreeListingWritable(files) {
  return files.every((file) => file.xetHash === void 0 || isValidXetHash(file.xetHash));
}
function serializeTreeListing(files) {
  if (!isTreeListingWritable(files)) {
    const bad = files.find((file) => file.xetHash !== void 0 && !isValidXetHash(file.xetHash));
    throw new ModelbakeError(
      `Cannot write the tree listing: the Xet hash of ${JSON.stringify(bad.path)} is not 64 hex characters.`,
      { hint: "huggingface_hub does not write such a listing either; skip trees/<commit>.json." }
    );
  }
  const byPath = /* @__PURE__ */ new Map();
  for (const file of files) byPath.set(file.path, file);
  const paths = [...byPath.keys()].sort(compareCodePoints);
  if (paths.length === 0)
    return `{
 "format_version": ${TREE_LISTING_FORMAT_VERSION},
 "files": {}
}`;
  const entries = paths.map((path) => {
    const file = byPath.get(path);
    const fields = [
      `   "size": ${pythonJsonInt(file.size, `the size of ${JSON.stringify(path)}`)}`,
      `   "blob_id": ${pythonJsonString(file.blobId)}`
    ];
    if (file.lfs) {
      fields.push(`   "lfs_sha256": ${pythonJsonString(file.lfs.sha256)}`);
      fields.push(
        `   "lfs_size": ${pythonJsonInt(file.lfs.size, `the LFS size of ${JSON.stringify(path)}`)}`
      );
    }
    if (file.xetHash !== void 0) fields.push(`   "xet_hash": ${pythonJsonString(file.xetHash)}`);
    return `  ${pythonJsonString(path)}: {
${fields.join(",\n")}
  }`;
  });
  return `{
 "format_version": ${TREE_LISTING_FORMAT_VERSION},
 "files": {
${entries.join(",\n")}
 }
}`;
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isByteCount(value) {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
function parseTreeListing(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return void 0;
  }
  if (!isObject(data)) return void 0;
  if (data.format_version !== TREE_LISTING_FORMAT_VERSION && data.format_version !== true) {
    return void 0;
  }
  if (!isObject(data.files)) return void 0;
  const files = [];
  for (const [path, info] of Object.entries(data.files)) {
    if (!isObject(info) || !("size" in info) || !("blob_id" in info)) return void 0;
    const { size, blob_id: blobId } = info;
    const sha256 = info.lfs_sha256 ?? void 0;
    const lfsSize = info.lfs_size ?? void 0;
    const xetHash = info.xet_hash ?? void 0;
    if (!isByteCount(size) || typeof blobId !== "string") return void 0;
    if (xetHash !== void 0 && (typeof xetHash !== "string" || !isValidXetHash(xetHash))) {
      return void 0;
    }
    const file = { path, size, blobId };
    if (sha256 !== void 0) {
      if (typeof sha256 !== "string" || !isByteCount(lfsSize)) return void 0;
      file.lfs = { sha256, size: lfsSize };
    }
    if (xetHash !== void 0) file.xetHash = xetHash;
    files.push(file);
  }
  return files.sort((a, b) => compareCodePoints(a.path, b.path));
}

// src/core/plan.ts
var MAX_SEGMENT_BYTES = 255;
var MAX_PATH_BYTES = 4096;
var utf8 = new TextEncoder();
function assertSafeRepoPath(path, repo) {
  const problem = repoPathProblem(path);
  if (problem) {
    throw new ModelbakeError(`The repo lists an unsafe path ${JSON.stringify(path)}: ${problem}.`, {
      repo,
      hint: "modelbake will not write it; report the file to the repo owner, or exclude it with --ignore."
    });
  }
}
function repoPathProblem(path) {
  if (path === "") return "it is empty";
  if (path.startsWith("/")) return "it is absolute";
  if (path.includes("\\")) return "it contains a backslash";
  if (new RegExp("\\p{Cc}", "u").test(path)) return "it contains a control character";
  if (new RegExp("\\p{Surrogate}", "u").test(path)) return "it is not valid Unicode";
  if (utf8.encode(path).length > MAX_PATH_BYTES) return `it is longer than ${MAX_PATH_BYTES} bytes`;
  for (const segment of path.split("/")) {
    if (segment === "") return "it has an empty segment";
    if (segment === "." || segment === "..") return `it has a "${segment}" segment`;
    if (utf8.encode(segment).length > MAX_SEGMENT_BYTES) {
      return `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`;
    }
  }
  return void 0;
}
function describePatterns(allow, ignore) {
  const list = (patterns) => patterns.map((p) => JSON.stringify(p)).join(", ");
  const parts = [];
  if (allow !== void 0) parts.push(`allow ${list(allow)}`);
  if (ignore !== void 0 && ignore.length > 0) parts.push(`ignore ${list(ignore)}`);
  return parts.join(" and ");
}
function planRepo(input) {
  const { spec, commit } = input;
  const repo = spec.repo;
  if (!COMMIT_RE.test(commit)) {
    throw new ModelbakeError(
      `Not a commit: ${JSON.stringify(commit)} (expected 40 hex characters).`,
      {
        repo
      }
    );
  }
  const allFiles = [...input.files].sort((a, b) => compareCodePoints(a.path, b.path));
  for (let i = 1; i < allFiles.length; i++) {
    if (allFiles[i].path === allFiles[i - 1].path) {
      throw new ModelbakeError(
        `The listing of commit ${commit} has ${JSON.stringify(allFiles[i].path)} twice.`,
        { repo, hint: "The Hub answered with a broken listing; try again later." }
      );
    }
  }
  if (allFiles.length === 0) {
    throw new ModelbakeError(
      `The repo has no file at commit ${commit} (revision ${spec.revision}).`,
      {
        repo,
        hint: "Check the revision: an empty repo or branch has nothing to fetch."
      }
    );
  }
  const allowGiven = spec.allow ?? input.allow;
  const allow = allowGiven !== void 0 && allowGiven.length === 0 ? void 0 : allowGiven;
  const ignore = spec.ignore ?? input.ignore;
  const files = filterRepoItems(allFiles, (file) => file.path, allow, ignore);
  if (files.length === 0) {
    const shown = allFiles.slice(0, 10).map((file) => JSON.stringify(file.path));
    const more = allFiles.length > 10 ? `, \u2026 (${allFiles.length - 10} more)` : "";
    const from = spec.allow !== void 0 || spec.ignore !== void 0 ? `its own patterns${spec.source ? ` (${spec.source})` : ""}` : "the patterns";
    throw new ModelbakeError(
      `No file matches ${from}: ${describePatterns(allow, ignore)}. The repo has ${allFiles.length} file${allFiles.length === 1 ? "" : "s"} at commit ${commit}: ${shown.join(", ")}${more}.`,
      {
        repo,
        hint: 'Patterns match the whole path in the repo, "*" included across "/" ("*.json" matches "a/b.json"), case-sensitively; "dir/" means everything under dir.'
      }
    );
  }
  const selected = new Set(files.map((file) => file.path));
  for (const file of files) {
    const segments = file.path.split("/");
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join("/");
      if (selected.has(folder)) {
        throw new ModelbakeError(
          `The repo lists both the file ${JSON.stringify(folder)} and ${JSON.stringify(file.path)}.`,
          { repo, hint: "Exclude one of them with --ignore." }
        );
      }
    }
  }
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  return { spec, commit, files, totalBytes, allFiles };
}

// src/core/spec.ts
var import_yaml = __toESM(require_dist(), 1);
var DEFAULT_REVISION = "main";
var SPEC_ENV_VARS = [
  { name: "RUNPOD_HUGGINGFACE_MODEL", type: "model" },
  { name: "HUGGINGFACE_MODEL", type: "model" },
  { name: "HUGGINGFACE_MODELS", type: "model" },
  { name: "RUNPOD_HUGGINGFACE_DATASET", type: "dataset" },
  { name: "HUGGINGFACE_DATASET", type: "dataset" },
  { name: "HUGGINGFACE_DATASETS", type: "dataset" }
];
var TYPE_PREFIXES = {
  models: "model",
  datasets: "dataset",
  spaces: "space"
};
var PREFIX_OF = {
  model: "",
  dataset: "datasets/",
  space: "spaces/"
};
var REPO_TYPES = ["model", "dataset", "space"];
var HINT_SPEC = 'Write org/name or org/name:revision (datasets/org/name, spaces/org/name for other repo types), e.g. "meta-llama/Llama-3.1-8B" or "datasets/org/name:refs/pr/1".';
var HINT_REPO_ID = 'A repo id is name or org/name made of letters, digits, "-", "_" and "."; it cannot start or end with "-" or ".", contain "--" or "..", or end with ".git", and the name has at most 96 characters.';
var HINT_REVISION = 'A revision is a branch, a tag, refs/pr/N or a 40-hex commit, e.g. "org/name:main", "org/name:v1.0" or "org/name:refs/pr/1".';
var HINT_PATTERNS = 'Give a pattern or a list of patterns, quoted when they start with "*": allow: ["*.json", "*.safetensors"].';
function formatSpec(spec) {
  const revision = spec.revision === DEFAULT_REVISION ? "" : `:${spec.revision}`;
  return `${PREFIX_OF[spec.type]}${spec.repo}${revision}`;
}
var WORD = "A-Za-z0-9_";
var REPO_ID_RE = new RegExp(
  `^(?:[${WORD}](?:[${WORD}.-]*[${WORD}])?/)?[${WORD}](?:[${WORD}.-]{0,94}[${WORD}])?$`
);
function validateRepoId(repo) {
  if (repo === "") return "the repo id is empty";
  if (repo.split("/").length > 2) return 'a repo id has at most one "/"';
  if (!REPO_ID_RE.test(repo)) {
    if (/[^A-Za-z0-9_./-]/.test(repo)) {
      const bad = Array.from(repo).find((c) => !/[A-Za-z0-9_./-]/.test(c));
      return `the repo id contains ${JSON.stringify(bad)}`;
    }
    if (repo.split("/").some((part) => part === "")) return "the repo id has an empty part";
    if (repo.split("/").some((part) => /^[.-]|[.-]$/.test(part))) {
      return 'a repo id part cannot start or end with "-" or "."';
    }
    return "the repo name is longer than 96 characters";
  }
  if (repo.includes("--") || repo.includes("..")) return 'a repo id cannot contain "--" or ".."';
  if (repo.endsWith(".git")) return 'a repo id cannot end with ".git"';
  return void 0;
}
var utf82 = new TextEncoder();
function validateRevision(revision) {
  if (COMMIT_RE.test(revision)) return void 0;
  if (revision === "") return "the revision is empty";
  if (/[\p{Cc}\p{Cf}\s]/u.test(revision))
    return "the revision contains a space or control character";
  const bad = Array.from(revision).find((c) => "~^:?*[\\%#".includes(c));
  if (bad !== void 0) return `the revision contains ${JSON.stringify(bad)}`;
  if (new RegExp("\\p{Surrogate}", "u").test(revision)) return "the revision is not valid Unicode";
  if (revision === "@") return 'the revision cannot be "@"';
  for (const part of ["..", "@{", "//"]) {
    if (revision.includes(part)) return `the revision contains ${JSON.stringify(part)}`;
  }
  if (revision.startsWith("/") || revision.startsWith("-")) {
    return `the revision cannot start with ${JSON.stringify(revision[0])}`;
  }
  if (revision.endsWith("/") || revision.endsWith(".")) {
    return `the revision cannot end with ${JSON.stringify(revision[revision.length - 1])}`;
  }
  for (const part of revision.split("/")) {
    if (part.startsWith(".")) return 'a part of the revision cannot start with "."';
    if (part.endsWith(".lock")) return 'a part of the revision cannot end with ".lock"';
    if (utf82.encode(part).length > 255) return "a part of the revision is longer than 255 bytes";
  }
  return void 0;
}
function specError(entry, where, problem, hint) {
  const at = where ? ` (${where})` : "";
  return new UsageError(`Invalid repo spec ${JSON.stringify(entry)}${at}: ${problem}.`, { hint });
}
function specFromUrl(url) {
  let rest = url.replace(/^hf:\/\//i, "");
  if (rest === url) {
    const match = /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\/(.*)$/i.exec(url);
    if (!match) return void 0;
    rest = match[1];
  }
  rest = rest.replace(/[?#].*$/, "");
  const parts = rest.split("/").filter((part) => part !== "");
  let prefix = "";
  if (parts[0] !== void 0 && Object.hasOwn(TYPE_PREFIXES, parts[0]) && parts.length >= 3) {
    prefix = `${parts.shift()}/`;
    if (prefix === "models/") prefix = "";
  }
  if (parts.length < 2) return void 0;
  const [org, nameAndRevision] = parts;
  const [name, atRevision] = nameAndRevision.split("@", 2);
  let revision = atRevision;
  let file;
  if (revision === void 0 && ["tree", "blob", "resolve"].includes(parts[2] ?? "") && parts[3]) {
    revision = parts[3];
    file = parts.slice(4).join("/") || void 0;
  }
  try {
    revision = revision === void 0 ? void 0 : decodeURIComponent(revision);
  } catch {
    revision = void 0;
  }
  if (validateRepoId(`${org}/${name}`)) return void 0;
  const spec = `${prefix}${org}/${name}`;
  const withRevision = revision && revision !== DEFAULT_REVISION && !validateRevision(revision) ? `${spec}:${revision}` : spec;
  return {
    spec: withRevision,
    file: parts[2] === "blob" || parts[2] === "resolve" ? file : void 0
  };
}
function parseTarget(entry, where) {
  if (entry === "") throw specError(entry, where, "it is empty", HINT_SPEC);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(?:www\.)?(?:huggingface|hf)\.co\//i.test(entry)) {
    const instead = specFromUrl(entry);
    throw specError(
      entry,
      where,
      "it is a URL, not a repo spec",
      instead ? `Write ${JSON.stringify(instead.spec)}` + (instead.file ? ` (a spec names a whole repo: select ${JSON.stringify(instead.file)} with an allow pattern).` : ".") : `Write the repo as org/name (the part after huggingface.co/).`
    );
  }
  if (/\s/u.test(entry)) {
    if (entry.includes("#")) {
      throw specError(
        entry,
        where,
        "a comment must be on a line of its own",
        'Start comment lines with "#"; put nothing after a spec on its line.'
      );
    }
    const words = entry.split(/\s+/u);
    const pinned = words.length === 2 ? `${words[0]}:${words[1]}`.replace("::", ":") : void 0;
    throw specError(
      entry,
      where,
      "it contains a space",
      pinned && !validateRepoId(words[0].replace(/:$/, "")) && !validateRevision(words[1].replace(/^:/, "")) ? `Write ${JSON.stringify(pinned)} for a revision, or separate two repos with a comma.` : "Separate entries with commas or newlines; write a revision after a colon, with no space."
    );
  }
  if (/[\p{Cc}\p{Cf}]/u.test(entry)) {
    throw specError(entry, where, "it contains an invisible or control character", HINT_SPEC);
  }
  const colon = entry.indexOf(":");
  let target = colon < 0 ? entry : entry.slice(0, colon);
  const revision = colon < 0 ? void 0 : entry.slice(colon + 1);
  if (target.includes("@")) {
    const [repo, rev] = target.split("@", 2);
    throw specError(
      entry,
      where,
      'a revision goes after ":", not "@"',
      `Write ${JSON.stringify(`${repo}:${rev}`)}.`
    );
  }
  let type;
  const parts = target.split("/");
  if (parts.length >= 2 && Object.hasOwn(TYPE_PREFIXES, parts[0])) {
    type = TYPE_PREFIXES[parts[0]];
    target = parts.slice(1).join("/");
  } else if (parts.length === 3 && ["model", "dataset", "space"].includes(parts[0])) {
    throw specError(
      entry,
      where,
      `"${parts[0]}/" is not a repo type prefix`,
      `Write ${JSON.stringify(`${parts[0]}s/${parts.slice(1).join("/")}`)}.`
    );
  } else if (parts.length === 3 && parts[0] === "kernels") {
    throw specError(
      entry,
      where,
      "kernel repos are not supported",
      "List models, datasets/ or spaces/."
    );
  }
  const problem = validateRepoId(target);
  if (problem) {
    throw specError(
      entry,
      where,
      problem,
      target.split("/").length > 2 ? "Write org/name; prefix datasets/ or spaces/ for other repo types (datasets/org/name)." : HINT_REPO_ID
    );
  }
  if (revision !== void 0) {
    if (revision === "") {
      throw specError(
        entry,
        where,
        'the revision after ":" is empty',
        `Drop the ":" to use ${DEFAULT_REVISION}, or name a revision. ${HINT_REVISION}`
      );
    }
    const revisionProblem = validateRevision(revision);
    if (revisionProblem) throw specError(entry, where, revisionProblem, HINT_REVISION);
  }
  return { repo: target, type, revision };
}
function withSource(spec, source) {
  if (source !== void 0) spec.source = source;
  return spec;
}
function parseSpec(text, options = {}) {
  const entry = text.trim();
  const target = parseTarget(entry, options.source);
  const type = target.type ?? options.type ?? "model";
  return withSource(
    { repo: target.repo, type, revision: target.revision ?? DEFAULT_REVISION },
    options.source
  );
}
function sameSet(a, b) {
  if (a === void 0 || b === void 0) return a === b;
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}
function mergeSpecs(specs) {
  const merged = /* @__PURE__ */ new Map();
  for (const spec of specs) {
    const key = `${spec.type}\0${spec.repo}\0${spec.revision}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...spec });
      continue;
    }
    if (sameSet(seen.allow, spec.allow) && sameSet(seen.ignore, spec.ignore)) continue;
    if (seen.allow !== void 0 && spec.allow !== void 0 && sameSet(seen.ignore, spec.ignore)) {
      seen.allow = seen.allow.length === 0 || spec.allow.length === 0 ? [] : [.../* @__PURE__ */ new Set([...seen.allow, ...spec.allow])];
      continue;
    }
    const name = formatSpec(spec);
    throw new UsageError(
      `${name} is listed twice with different patterns (${seen.source ?? "first entry"} and ${spec.source ?? "second entry"}).`,
      { hint: `List ${name} once, with the union of what you need.` }
    );
  }
  return [...merged.values()];
}
function listEntries(text, options) {
  const lines = text.split(/\r\n|\r|\n/);
  const multiline = lines.filter((line) => line.trim() !== "").length > 1;
  const specs = [];
  let count = 0;
  lines.forEach((line, index) => {
    if (line.trim().startsWith("#")) return;
    for (const part of line.split(",")) {
      const entry = part.trim();
      if (entry === "") continue;
      count++;
      const at = multiline ? `entry ${count}, line ${index + 1}` : `entry ${count}`;
      const source = options.source ? `${options.source} ${at}` : at;
      specs.push(parseSpec(entry, { type: options.type, source }));
    }
  });
  return specs;
}
function parseSpecList(text, options = {}) {
  return mergeSpecs(listEntries(text, options));
}
function specsFromEnv(env) {
  const specs = [];
  for (const { name, type } of SPEC_ENV_VARS) {
    const value = env[name];
    if (value !== void 0) specs.push(...listEntries(value, { type, source: name }));
  }
  return mergeSpecs(specs);
}
var MODELBAKE_KEYS = ["repo", "revision", "type", "allow", "ignore"];
var TRUSS_KEYS = [
  "repo_id",
  "revision",
  "allow_patterns",
  "ignore_patterns",
  "volume_folder",
  "use_volume",
  "kind",
  "runtime_secret_name"
];
var YamlReader = class {
  constructor(text, source) {
    this.source = source;
    this.doc = (0, import_yaml.parseDocument)(text, { schema: "failsafe", lineCounter: this.lines });
  }
  source;
  lines = new import_yaml.LineCounter();
  doc;
  where(path, node) {
    const range = node?.range;
    const line = range ? `, line ${this.lines.linePos(range[0]).line}` : "";
    return this.source ? `${this.source} ${path}${line}` : `${path}${line}`;
  }
  error(where, problem, hint) {
    return new UsageError(`Invalid repo spec (${where}): ${problem}.`, { hint });
  }
  resolve(node, where) {
    if (!(0, import_yaml.isAlias)(node)) return node;
    const target = node.resolve(this.doc);
    if (target === void 0) {
      throw this.error(
        where,
        `"*${node.source}" is read as a YAML alias`,
        'Quote patterns that start with "*": allow: ["*.json"].'
      );
    }
    return target;
  }
  /** The string of a scalar; undefined for a missing or null value (empty, ~, null). */
  string(node, where, key) {
    const value = this.resolve(node, where);
    if (value === null || value === void 0) return void 0;
    if (!(0, import_yaml.isScalar)(value)) throw this.error(where, `"${key}" must be a string`, HINT_SPEC);
    const text = String(value.value);
    if (value.type === "PLAIN" && ["", "~", "null", "Null", "NULL"].includes(text)) return void 0;
    return text;
  }
  patterns(node, where, key) {
    const value = this.resolve(node, where);
    const items = (0, import_yaml.isSeq)(value) ? value.items : [value];
    if (!(0, import_yaml.isSeq)(value) && this.string(value, where, key) === void 0) return void 0;
    return items.map((item) => {
      const resolved = this.resolve(item, where);
      const pattern = (0, import_yaml.isScalar)(resolved) ? String(resolved.value) : void 0;
      if (pattern === void 0 || pattern === "") {
        throw this.error(
          where,
          `${key} must be a pattern or a list of patterns, with no empty one`,
          HINT_PATTERNS
        );
      }
      return pattern;
    });
  }
  entry(node, path, listType, truss) {
    const where = this.where(path, node);
    const value = this.resolve(node, where);
    if ((0, import_yaml.isScalar)(value) && !truss) {
      const text = this.string(value, where, "entry");
      if (text === void 0) throw this.error(where, "the entry is empty", HINT_SPEC);
      return parseSpec(text, { type: listType, source: where });
    }
    if (!(0, import_yaml.isMap)(value)) {
      throw this.error(
        where,
        truss ? "a model_cache entry must be a mapping" : "an entry must be a spec or a mapping",
        truss ? "Write - repo_id: org/name with optional revision, allow_patterns, ..." : HINT_SPEC
      );
    }
    return this.mapping(value, where, listType);
  }
  mapping(map, where, listType) {
    const fields = /* @__PURE__ */ new Map();
    for (const pair of map.items) {
      const key = this.string(pair.key, where, "key");
      if (key === void 0) throw this.error(where, "a key is empty", HINT_SPEC);
      fields.set(key, pair.value);
    }
    const truss = fields.has("repo_id");
    if (truss && fields.has("repo")) {
      throw this.error(where, 'an entry has both "repo" and "repo_id"', "Keep one of them.");
    }
    const known = truss ? TRUSS_KEYS : MODELBAKE_KEYS;
    for (const key of fields.keys()) {
      if (!known.includes(key)) {
        throw this.error(
          where,
          `unknown key ${JSON.stringify(key)}`,
          truss ? `A model_cache entry has ${known.join(", ")}.` : `An entry has repo (required), revision, type (model, dataset or space), allow and ignore.`
        );
      }
    }
    if (truss) {
      const kind = this.string(fields.get("kind"), where, "kind");
      if (kind !== void 0 && kind !== "hf") {
        throw this.error(
          where,
          `kind ${JSON.stringify(kind)} is not supported: only Hugging Face sources are (kind: hf)`,
          "Fetch gcs, s3 and azure weights with their own tools; list Hugging Face repos here."
        );
      }
    }
    const repoKey = truss ? "repo_id" : "repo";
    const repoText = this.string(fields.get(repoKey), where, repoKey);
    if (repoText === void 0) {
      throw this.error(where, `"${repoKey}" is missing`, `Write ${repoKey}: org/name. ${HINT_SPEC}`);
    }
    const target = parseTarget(repoText.trim(), where);
    const revision = this.string(fields.get("revision"), where, "revision");
    if (revision !== void 0) {
      const problem = validateRevision(revision);
      if (problem) throw this.error(where, problem, HINT_REVISION);
      if (target.revision !== void 0 && target.revision !== revision) {
        throw this.error(
          where,
          `${repoKey} says revision ${JSON.stringify(target.revision)} but revision says ` + JSON.stringify(revision),
          `Give the revision once, in "revision".`
        );
      }
    }
    const typeText = truss ? void 0 : this.string(fields.get("type"), where, "type");
    if (typeText !== void 0 && !REPO_TYPES.includes(typeText)) {
      throw this.error(
        where,
        `type ${JSON.stringify(typeText)} is not model, dataset or space`,
        "Write type: model, type: dataset or type: space."
      );
    }
    const entryType = typeText;
    if (entryType && target.type && entryType !== target.type) {
      throw this.error(
        where,
        `${repoKey} says ${target.type} but type says ${entryType}`,
        "Give the type once."
      );
    }
    const type = entryType ?? target.type ?? listType ?? "model";
    const spec = {
      repo: target.repo,
      type,
      revision: revision ?? target.revision ?? DEFAULT_REVISION
    };
    const allowKey = truss ? "allow_patterns" : "allow";
    const ignoreKey = truss ? "ignore_patterns" : "ignore";
    const allow = this.patterns(fields.get(allowKey), where, allowKey);
    const ignore = this.patterns(fields.get(ignoreKey), where, ignoreKey);
    if (allow !== void 0) spec.allow = allow;
    if (ignore !== void 0) spec.ignore = ignore;
    return withSource(spec, where);
  }
};
function looksLikeYaml(text) {
  return /^\s*-\s/m.test(text) || /^\s*[A-Za-z_]+\s*:(\s|$)/m.test(text);
}
function parseSpecDocument(text, options = {}) {
  if (text.trim() === "") return [];
  const reader = new YamlReader(text, options.source);
  const { doc } = reader;
  if (doc.errors.length > 0) {
    if (!looksLikeYaml(text)) return parseSpecList(text, options);
    const first = doc.errors[0];
    const line = first.linePos?.[0]?.line;
    const where = options.source ? `${options.source}${line ? `, line ${line}` : ""}` : `line ${line ?? "?"}`;
    throw new UsageError(
      `Invalid spec document (${where}): ${first.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}.`,
      { hint: 'Fix the YAML; quote values that start with "*", "&", "!" or "@".' }
    );
  }
  const root = reader.resolve(doc.contents, reader.where("document", doc.contents));
  let items;
  let truss = false;
  if ((0, import_yaml.isSeq)(root)) {
    items = root.items;
  } else if ((0, import_yaml.isMap)(root)) {
    const cache = root.items.find((pair) => (0, import_yaml.isScalar)(pair.key) && pair.key.value === "model_cache");
    if (cache) {
      truss = true;
      const list = reader.resolve(cache.value, reader.where("model_cache", cache.value));
      if (list === null || (0, import_yaml.isScalar)(list) && list.value === "") return [];
      if (!(0, import_yaml.isSeq)(list)) {
        throw reader.error(
          reader.where("model_cache", list),
          "model_cache must be a list",
          'Write model_cache: followed by "- repo_id: org/name" items.'
        );
      }
      items = list.items;
    } else if (root.items.some((pair) => (0, import_yaml.isScalar)(pair.key) && /^repo(_id)?$/.test(`${pair.key.value}`))) {
      items = [root];
    } else {
      const first = root.items[0];
      const key = first && (0, import_yaml.isScalar)(first.key) ? String(first.key.value) : "";
      const value = first && (0, import_yaml.isScalar)(first.value) ? String(first.value.value) : "";
      throw reader.error(
        reader.where("document", root),
        "a YAML mapping here needs a model_cache: key",
        root.items.length === 1 && !validateRepoId(key.replace(/^(models|datasets|spaces)\//, "")) ? `Write ${JSON.stringify(`${key}:${value}`)}, with no space after ":".` : 'Write a YAML list ("- repo: org/name") or a truss config.yaml with a model_cache: list.'
      );
    }
  } else {
    const quoted = (0, import_yaml.isScalar)(root) && root.type !== "PLAIN" && root.type !== void 0;
    return parseSpecList(quoted ? String(root.value) : text, options);
  }
  const path = (index) => truss ? `model_cache[${index}]` : `entry ${index + 1}`;
  const specs = items.map((item, index) => reader.entry(item, path(index), options.type, truss));
  return mergeSpecs(specs);
}

// src/core/cache-dir.ts
var CACHEDIR_TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55";
var CACHEDIR_TAG_CONTENT = `${CACHEDIR_TAG_SIGNATURE}
# This file is a cache directory tag created by huggingface_hub.
# For information about cache directory tags, see:
#	https://bford.info/cachedir/
`;
function setVar(env, name) {
  const value = env[name];
  return value === void 0 || value === "" ? void 0 : value;
}
function joinRaw(base, part) {
  if (part.startsWith(sep)) return part;
  return base === "" || base.endsWith(sep) || base.endsWith("/") ? base + part : base + sep + part;
}
function expandUser(path, env, what) {
  if (!path.startsWith("~")) return path;
  let end = path.indexOf("/", 1);
  if (end < 0) end = path.length;
  if (end !== 1) {
    throw new UsageError(`${what} is ${JSON.stringify(path)}: "~user" paths are not supported.`, {
      hint: "Write the full path of that home folder."
    });
  }
  const home = setVar(env, "HOME");
  if (home === void 0) {
    throw new UsageError(`${what} is ${JSON.stringify(path)}, but HOME is not set.`, {
      hint: "Set HOME or give the cache folder as a full path."
    });
  }
  return home.replace(/\/+$/, "") + path.slice(end) || "/";
}
function expandVars(path, env) {
  if (!path.includes("$")) return path;
  return path.replace(/\$(\w+|\{[^}]*\})/g, (match, name) => {
    const key = name.startsWith("{") && name.endsWith("}") ? name.slice(1, -1) : name;
    const value = Object.hasOwn(env, key) ? env[key] : void 0;
    return value === void 0 ? match : value;
  });
}
function resolveCacheDir(flag, env) {
  if (flag !== void 0 && flag !== "") return expandUser(flag, env, "The cache folder");
  const expand = (path, what2) => expandVars(expandUser(path, env, what2), env);
  const hubCache = setVar(env, "HF_HUB_CACHE") ?? setVar(env, "HUGGINGFACE_HUB_CACHE");
  if (hubCache !== void 0) {
    const name = setVar(env, "HF_HUB_CACHE") !== void 0 ? "HF_HUB_CACHE" : "HUGGINGFACE_HUB_CACHE";
    return expand(hubCache, name);
  }
  const hfHomeVar = setVar(env, "HF_HOME");
  const xdg = setVar(env, "XDG_CACHE_HOME");
  const hfHome = hfHomeVar ?? joinRaw(
    xdg ?? joinRaw(expandUser("~", env, "The default cache folder"), ".cache"),
    "huggingface"
  );
  const what = hfHomeVar !== void 0 ? "HF_HOME" : xdg !== void 0 ? "XDG_CACHE_HOME" : "HOME";
  return expand(joinRaw(expand(hfHome, what), "hub"), what);
}
function repoFolderName(type, repo) {
  const problem = validateRepoId(repo);
  if (problem) throw new ModelbakeError(`Not a repo id: ${JSON.stringify(repo)} (${problem}).`);
  return [`${type}s`, ...repo.split("/")].join("--");
}
function assertSafeEtag(etag) {
  if (!/^[A-Za-z0-9_.+=-]+$/.test(etag) || etag === "." || etag === ".." || etag.length > 200) {
    throw new ModelbakeError(`Not a usable etag: ${JSON.stringify(etag)}.`);
  }
}
function relativeLinkTarget(pathInRepo, etag) {
  assertSafeRepoPath(pathInRepo);
  assertSafeEtag(etag);
  const depth = pathInRepo.split("/").length - 1;
  return `${"../".repeat(2 + depth)}blobs/${etag}`;
}

// src/destinations/registry.ts
var factories = /* @__PURE__ */ new Map();
function registerDestination(scheme, factory) {
  factories.set(scheme, factory);
}
function parseDestination(text, options) {
  const value = text.trim();
  const schemes = [...factories.keys()].sort((a, b) => b.length - a.length);
  for (const scheme of schemes) {
    if (value === scheme || value.startsWith(scheme))
      return factories.get(scheme)(value.slice(scheme.length), options);
  }
  throw new UsageError(`unknown destination "${value}"`, {
    hint: schemes.length ? `use one of: ${schemes.map((s) => s.endsWith(":") || s.endsWith("//") ? `${s}\u2026` : s).join(", ")}` : "this build of modelbake has no destinations: the cache itself is the result"
  });
}

// src/destinations/s3/index.ts
import { readFileSync } from "node:fs";

// src/destinations/s3/config.ts
function parseIni(text) {
  const sections = /* @__PURE__ */ new Map();
  let current;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header2 = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header2) {
      current = sections.get(header2[1]) ?? /* @__PURE__ */ new Map();
      sections.set(header2[1], current);
      continue;
    }
    const eq = line.indexOf("=");
    if (current && eq > 0 && !/^\s/.test(raw))
      current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}
var set = (value) => value === void 0 || value.trim() === "" ? void 0 : value.trim();
function resolveS3Config(input) {
  const { env } = input;
  const read = input.readFile ?? (() => void 0);
  const home = set(env.HOME) ?? set(env.USERPROFILE);
  const profile = set(env.AWS_PROFILE) ?? set(env.AWS_DEFAULT_PROFILE) ?? "default";
  const credentialsFile = set(env.AWS_SHARED_CREDENTIALS_FILE) ?? (home ? `${home}/.aws/credentials` : void 0);
  const configFile = set(env.AWS_CONFIG_FILE) ?? (home ? `${home}/.aws/config` : void 0);
  const lazy = (load) => {
    let value;
    return () => (value ??= { v: load() }).v;
  };
  const credentialsIni = lazy(() => {
    const text = credentialsFile ? read(credentialsFile) : void 0;
    return text ? parseIni(text).get(profile) : void 0;
  });
  const configIni = lazy(() => {
    const text = configFile ? read(configFile) : void 0;
    if (!text) return void 0;
    const ini = parseIni(text);
    return profile === "default" ? ini.get("default") ?? ini.get("profile default") : ini.get(`profile ${profile}`);
  });
  let credentials;
  let credentialSource = "none (anonymous requests)";
  const envKey = set(env.AWS_ACCESS_KEY_ID);
  const envSecret = set(env.AWS_SECRET_ACCESS_KEY);
  if (envKey || envSecret) {
    if (!envKey || !envSecret) {
      throw new UsageError(
        `${envKey ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"} is not set, but ${envKey ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"} is`,
        { hint: "set both, or neither to use a profile from ~/.aws/credentials" }
      );
    }
    credentials = { accessKeyId: envKey, secretAccessKey: envSecret };
    const token = set(env.AWS_SESSION_TOKEN) ?? set(env.AWS_SECURITY_TOKEN);
    if (token) credentials.sessionToken = token;
    credentialSource = "environment (AWS_ACCESS_KEY_ID)";
  } else {
    for (const [section, file] of [
      [credentialsIni(), credentialsFile],
      [configIni(), configFile]
    ]) {
      const key = set(section?.get("aws_access_key_id"));
      const secret = set(section?.get("aws_secret_access_key"));
      if (key && secret) {
        credentials = { accessKeyId: key, secretAccessKey: secret };
        const token = set(section?.get("aws_session_token"));
        if (token) credentials.sessionToken = token;
        credentialSource = `profile "${profile}" in ${file}`;
        break;
      }
    }
    if (!credentials && set(env.AWS_PROFILE)) {
      throw new UsageError(`AWS profile "${profile}" has no access keys`, {
        hint: `add aws_access_key_id and aws_secret_access_key under [${profile}] in ${credentialsFile ?? "~/.aws/credentials"} (SSO, credential_process and instance roles are not supported: export AWS_ACCESS_KEY_ID etc. instead)`
      });
    }
  }
  const region = set(input.region) ?? set(env.AWS_REGION) ?? set(env.AWS_DEFAULT_REGION) ?? set(configIni()?.get("region")) ?? "us-east-1";
  if (!/^[a-z0-9-]{1,64}$/.test(region)) {
    throw new UsageError(`invalid AWS region ${JSON.stringify(region)}`, {
      hint: "use a region name such as us-east-1 (Cloudflare R2: auto)"
    });
  }
  const custom = set(input.endpoint) ?? set(env.AWS_ENDPOINT_URL_S3) ?? set(env.AWS_ENDPOINT_URL) ?? set(configIni()?.get("endpoint_url"));
  const endpoint = custom ? parseEndpoint(custom) : `https://s3.${region}.amazonaws.com`;
  return { endpoint, pathStyle: custom !== void 0, region, credentials, credentialSource };
}
function parseEndpoint(text) {
  let url;
  try {
    url = new URL(text.includes("://") ? text : `https://${text}`);
  } catch {
    throw new UsageError(`invalid S3 endpoint ${JSON.stringify(text)}`, {
      hint: "use a URL such as https://ACCOUNT.r2.cloudflarestorage.com"
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:" || url.search || url.hash) {
    throw new UsageError(`invalid S3 endpoint ${JSON.stringify(text)}`, {
      hint: "use an http(s) URL without a query, e.g. https://s3api-eu-ro-1.runpod.io"
    });
  }
  if (url.username || url.password) {
    throw new UsageError("the S3 endpoint must not carry credentials", {
      hint: "pass them as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"
    });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

// src/destinations/s3/location.ts
var BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
function parseS3Target(target) {
  const text = target.trim();
  const slash = text.indexOf("/");
  const bucket = slash < 0 ? text : text.slice(0, slash);
  const rawPrefix = slash < 0 ? "" : text.slice(slash + 1).replace(/\/+$/, "");
  if (!BUCKET_RE.test(bucket) || bucket.includes("..")) {
    throw new UsageError(`invalid S3 bucket name ${JSON.stringify(bucket)}`, {
      hint: "use s3://BUCKET/PREFIX with a bucket of 3-63 lower-case letters, digits, dots and hyphens"
    });
  }
  if (rawPrefix !== "") {
    const problem = rawPrefix.split("/").map(segmentProblem).find(Boolean);
    if (problem) {
      throw new UsageError(`invalid S3 prefix ${JSON.stringify(rawPrefix)}: ${problem}`, {
        hint: 'use a prefix such as hf/hub, without empty, "." or ".." parts'
      });
    }
  }
  return { bucket, prefix: rawPrefix };
}
function formatLocation(location, key) {
  const base = `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ""}`;
  if (key === void 0) return base;
  return `s3://${location.bucket}/${key}`;
}
function segmentProblem(segment) {
  if (segment === "") return "it has an empty part";
  if (segment === "." || segment === "..") return `it has a "${segment}" part`;
  if (segment.includes("\\")) return "it contains a backslash";
  if (new RegExp("\\p{Cc}", "u").test(segment)) return "it contains a control character";
  if (Buffer.byteLength(segment) > 255) return "a part is longer than 255 bytes";
  return void 0;
}
function joinKey(location, segments) {
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) {
      throw new ModelbakeError(
        `refusing S3 key part ${JSON.stringify(segment)} under ${formatLocation(location)}: ${problem}`,
        { hint: "a key must stay under the prefix; this is a bug or a tampered manifest" }
      );
    }
  }
  const key = [...location.prefix ? [location.prefix] : [], ...segments].join("/");
  if (Buffer.byteLength(key) > 1024) {
    throw new ModelbakeError(`S3 key too long (${Buffer.byteLength(key)} bytes): ${key}`, {
      hint: "S3 keys are limited to 1024 bytes: choose a shorter prefix"
    });
  }
  return key;
}
var keys = {
  repoPrefix(location, ref) {
    return `${joinKey(location, [repoFolderName(ref.type, ref.repo)])}/`;
  },
  blob(location, ref, etag) {
    assertSafeEtag(etag);
    return joinKey(location, [repoFolderName(ref.type, ref.repo), "blobs", etag]);
  },
  manifest(location, ref, commit) {
    assertCommit(commit);
    return joinKey(location, [repoFolderName(ref.type, ref.repo), "manifests", `${commit}.json`]);
  },
  tree(location, ref, commit) {
    assertCommit(commit);
    return joinKey(location, [repoFolderName(ref.type, ref.repo), "trees", `${commit}.json`]);
  },
  ref(location, ref, revision) {
    const problem = validateRevision(revision);
    if (problem || COMMIT_RE.test(revision))
      throw new ModelbakeError(`not a ref name: ${JSON.stringify(revision)}`);
    return joinKey(location, [repoFolderName(ref.type, ref.repo), "refs", ...revision.split("/")]);
  }
};
function assertCommit(commit) {
  if (!COMMIT_RE.test(commit))
    throw new ModelbakeError(`not a commit: ${JSON.stringify(commit)} (expected 40 hex characters)`);
}
function parseRepoFolder(folder) {
  const match = /^(models|datasets|spaces)--(.+)$/.exec(folder);
  if (!match) return void 0;
  const type = match[1].slice(0, -1);
  const repo = match[2].split("--").join("/");
  try {
    if (repoFolderName(type, repo) !== folder) return void 0;
  } catch {
    return void 0;
  }
  return { type, repo };
}

// src/fetch/limiter.ts
var Limiter = class {
  constructor(slots) {
    this.slots = slots;
    if (!Number.isInteger(slots) || slots < 1) throw new Error("limiter needs at least one slot");
  }
  slots;
  active = 0;
  queue = [];
  run(key, work) {
    return new Promise((resolve2, reject) => {
      const start = () => {
        this.active++;
        work().then(resolve2, reject).finally(() => {
          this.active--;
          this.next();
        });
      };
      insertSorted(this.queue, { key, start });
      this.next();
    });
  }
  next() {
    while (this.active < this.slots && this.queue.length > 0) this.queue.shift().start();
  }
};
function insertSorted(queue, task) {
  let index = queue.length;
  while (index > 0 && compareKeys(queue[index - 1].key, task.key) > 0) index--;
  queue.splice(index, 0, task);
}
function compareKeys(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
var MemoryBudget = class {
  constructor(limit) {
    this.limit = limit;
  }
  limit;
  used = 0;
  take(bytes) {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
  give(bytes) {
    this.used -= bytes;
  }
};

// src/fetch/settle.ts
import { setMaxListeners } from "node:events";
async function settleAll(work, abort) {
  let first;
  const results = await Promise.all(
    work.map(
      (promise) => promise.catch((error) => {
        if (!first) {
          first = { error };
          abort.abort(error);
        }
        return void 0;
      })
    )
  );
  if (first) throw first.error;
  return results;
}
function childController(parent) {
  const child = new AbortController();
  setMaxListeners(0, child.signal);
  if (parent?.aborted) child.abort(parent.reason);
  else parent?.addEventListener("abort", () => child.abort(parent.reason), { once: true });
  return child;
}

// src/hub/http.ts
import http from "node:http";
import https from "node:https";
import { setTimeout as sleepMs } from "node:timers/promises";
var DEFAULT_RETRY = {
  retries: 6,
  baseDelayMs: 250,
  maxDelayMs: 2e4,
  maxRetryAfterMs: 12e4
};
var TransientHttpError = class extends Error {
  constructor(message, status, retryAfterMs) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
    this.name = "TransientHttpError";
  }
  status;
  retryAfterMs;
};
var RETRYABLE_STATUS = /* @__PURE__ */ new Set([408, 429, 500, 502, 503, 504]);
var RETRYABLE_CODES = /* @__PURE__ */ new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "ERR_STREAM_PREMATURE_CLOSE"
]);
function isTransient(error) {
  if (error instanceof TransientHttpError) return true;
  const code = error?.code;
  return typeof code === "string" && RETRYABLE_CODES.has(code);
}
function parseRetryAfter(value, now = Date.now()) {
  if (!value) return void 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1e3);
  const date = Date.parse(value);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}
function backoffDelay(attempt, policy, random, retryAfterMs) {
  if (retryAfterMs !== void 0) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}
function redactUrl(url) {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = parsed.search ? "?\u2026" : "";
    return parsed.toString();
  } catch {
    return "<invalid url>";
  }
}
var HttpClient = class {
  trustedOrigin;
  token;
  userAgent;
  idleTimeoutMs;
  retryPolicy;
  sleep;
  random;
  onRetry;
  httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  constructor(options) {
    this.trustedOrigin = new URL(options.trustedOrigin).origin;
    this.token = options.token;
    this.userAgent = options.userAgent ?? "modelbake";
    this.idleTimeoutMs = options.idleTimeoutMs ?? 6e4;
    this.retryPolicy = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => sleepMs(ms));
    this.random = options.random ?? Math.random;
    this.onRetry = options.onRetry;
  }
  /** One request, following redirects; no retries. The caller must consume or destroy `body`. */
  async send(request) {
    let url = request.url;
    for (let hop = 0; hop <= 10; hop++) {
      const response = await this.sendOnce({ ...request, url });
      const location = response.headers.location;
      const isRedirect = [301, 302, 303, 307, 308].includes(response.status);
      if (!isRedirect || !location || request.followRedirects === false) return response;
      response.body.resume();
      url = new URL(location, url).toString();
    }
    throw new Error(`too many redirects from ${redactUrl(request.url)}`);
  }
  /**
   * Run `attempt` until it succeeds, retrying transient failures with backoff.
   * `attempt` gets the attempt number and should throw TransientHttpError for retryable answers.
   */
  async withRetry(label, attempt, signal) {
    for (let n = 0; ; n++) {
      try {
        return await attempt(n);
      } catch (error) {
        if (!isTransient(error) || signal?.aborted) throw error;
        if (n >= this.retryPolicy.retries) throw gaveUp(label, n + 1, error);
        const retryAfter = error instanceof TransientHttpError ? error.retryAfterMs : void 0;
        const delayMs = backoffDelay(n, this.retryPolicy, this.random, retryAfter);
        this.onRetry?.({ url: label, attempt: n + 1, delayMs, reason: describe(error) });
        await Promise.race([this.sleep(delayMs), aborted(signal)]);
        signal?.throwIfAborted();
      }
    }
  }
  /** GET/POST that reads a JSON body, with retries. Non-2xx answers go to `onError`. */
  async json(request, onError) {
    return this.withRetry(redactUrl(request.url), async () => {
      const response = await this.send(request);
      const text = await readText(response.body);
      if (response.status >= 200 && response.status < 300) {
        try {
          return { data: JSON.parse(text), response };
        } catch {
          throw new TransientHttpError(`invalid JSON from ${redactUrl(response.url)}`);
        }
      }
      throwIfTransient(response);
      return onError(response, text);
    });
  }
  close() {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
  sendOnce(request) {
    const url = new URL(request.url);
    const isHttps = url.protocol === "https:";
    if (!isHttps && url.protocol !== "http:") {
      return Promise.reject(new Error(`unsupported URL scheme ${url.protocol}`));
    }
    const headers = {
      "user-agent": this.userAgent,
      "accept-encoding": "identity",
      ...request.headers
    };
    if (this.token && url.origin === this.trustedOrigin)
      headers.authorization = `Bearer ${this.token}`;
    if (request.body !== void 0)
      headers["content-length"] = String(Buffer.byteLength(request.body));
    return new Promise((resolve2, reject) => {
      const req = (isHttps ? https : http).request(
        url,
        {
          method: request.method ?? "GET",
          headers,
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          signal: request.signal
        },
        (res) => {
          res.setTimeout(
            this.idleTimeoutMs,
            () => res.destroy(Object.assign(new Error("response stalled"), { code: "ETIMEDOUT" }))
          );
          resolve2({
            status: res.statusCode ?? 0,
            headers: res.headers,
            url: url.toString(),
            body: res
          });
        }
      );
      req.setTimeout(
        this.idleTimeoutMs,
        () => req.destroy(Object.assign(new Error("request timed out"), { code: "ETIMEDOUT" }))
      );
      req.on("error", reject);
      req.end(request.body);
    });
  }
};
function throwIfTransient(response) {
  if (!RETRYABLE_STATUS.has(response.status)) return;
  response.body.resume();
  throw new TransientHttpError(
    `HTTP ${response.status} from ${redactUrl(response.url)}`,
    response.status,
    parseRetryAfter(header(response.headers, "retry-after"))
  );
}
function header(headers, name) {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
async function readText(body, limit = 64 * 1024 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw new Error("response body too large");
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
function gaveUp(label, attempts, error) {
  return new ModelbakeError(`gave up on ${label} after ${attempts} attempts: ${describe(error)}`, {
    hint: "check the network and --endpoint (HF_ENDPOINT); retry later if the Hub is busy, or use --offline with a warm cache",
    cause: error
  });
}
function aborted(signal) {
  if (!signal) return new Promise(() => void 0);
  return new Promise((resolve2) => signal.addEventListener("abort", () => resolve2(), { once: true }));
}
function describe(error) {
  if (error instanceof TransientHttpError) return error.message;
  const code = error.code;
  const messages = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "DNS lookup failed",
    ETIMEDOUT: "timed out",
    ECONNRESET: "connection reset"
  };
  return code ? messages[code] ?? code : String(error);
}

// src/report/format.ts
function formatBytes(bytes) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(bytes)} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}
function formatSeconds(seconds) {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
}

// src/version.ts
var VERSION = "0.1.0";

// src/destinations/volume/source.ts
import { readlink } from "node:fs/promises";
import { basename } from "node:path";
async function snapshotsToPublish(cache, results) {
  const groups = /* @__PURE__ */ new Map();
  for (const result of results) {
    const ref = { type: result.type, repo: result.repo };
    const key = `${repoFolderName(ref.type, ref.repo)}\0${result.commit}`;
    let group = groups.get(key);
    if (!group) {
      group = { ref, label: result.label, commit: result.commit, files: [], revisions: [] };
      groups.set(key, group);
    }
    const byPath = new Map(group.files.map((f) => [f.path, f]));
    for (const file of await withEtags(cache, ref, result.commit, result.selected, result.label))
      byPath.set(file.path, file);
    group.files = [...byPath.values()];
    if (result.revision !== result.commit && !group.revisions.includes(result.revision))
      group.revisions.push(result.revision);
  }
  return [...groups.values()];
}
async function withEtags(cache, ref, commit, files, label) {
  return Promise.all(
    files.map(async (file) => {
      if (etagOf(file) !== "") return file;
      const link = await readlink(cache.snapshotFile(ref, commit, file.path)).catch(() => void 0);
      const etag = link ? basename(link) : "";
      if (/^[0-9a-f]{64}$/.test(etag)) return { ...file, lfs: { sha256: etag, size: file.size } };
      if (/^[0-9a-f]{40}$/.test(etag)) return { ...file, blobId: etag };
      throw new ModelbakeError(
        `cannot publish ${file.path}: the cache has no listing of ${commit} and the file is not a link to a blob`,
        {
          repo: label,
          hint: "run once with network access, so that the cache knows each file's digest"
        }
      );
    })
  );
}
function locationKeys(results) {
  const count = /* @__PURE__ */ new Map();
  for (const r of results) count.set(r.label, (count.get(r.label) ?? 0) + 1);
  return results.map((r) => count.get(r.label) > 1 ? `${r.label}:${r.revision}` : r.label);
}

// src/destinations/s3/client.ts
import { createReadStream } from "node:fs";
import http2 from "node:http";
import https2 from "node:https";
import { pipeline } from "node:stream/promises";

// src/destinations/s3/sigv4.ts
import { createHash, createHmac } from "node:crypto";
var EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
var UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
function sha256Hex(data) {
  return createHash("sha256").update(data).digest("hex");
}
function uriEncode(text, encodeSlash = true) {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || c === "/" && !encodeSlash) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}
function canonicalQuery(params) {
  return params.map(([k, v]) => [uriEncode(k), uriEncode(v)]).sort(([a, x], [b, y]) => a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0).map(([k, v]) => `${k}=${v}`).join("&");
}
function signingKey(secret, day, region, service) {
  const hmac = (key, data) => createHmac("sha256", key).update(data).digest();
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), "aws4_request");
}
function signature(input) {
  const service = input.service ?? "s3";
  const stamp = amzDate(input.date);
  const day = stamp.slice(0, 8);
  const names = Object.keys(input.headers).map((name) => name.toLowerCase()).sort();
  const lower = Object.fromEntries(
    Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v])
  );
  const canonicalHeaders = names.map((name) => `${name}:${String(lower[name]).trim().replace(/\s+/g, " ")}
`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    input.method,
    input.path,
    canonicalQuery(input.query),
    canonicalHeaders,
    signedHeaders,
    input.payloadHash
  ].join("\n");
  const scope = `${day}/${input.region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, sha256Hex(canonicalRequest)].join("\n");
  const key = signingKey(input.credentials.secretAccessKey, day, input.region, service);
  return {
    canonicalRequest,
    stringToSign,
    signedHeaders,
    scope,
    signature: createHmac("sha256", key).update(stringToSign).digest("hex")
  };
}
function signHeaders(input) {
  const headers = {};
  for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = v;
  headers["x-amz-date"] = amzDate(input.date);
  headers["x-amz-content-sha256"] = input.payloadHash;
  if (input.credentials.sessionToken)
    headers["x-amz-security-token"] = input.credentials.sessionToken;
  const signed = signature({ ...input, headers });
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${signed.scope}, SignedHeaders=${signed.signedHeaders}, Signature=${signed.signature}`;
  return headers;
}
function presignUrl(input) {
  const url = new URL(input.url);
  const stamp = amzDate(input.date);
  const scope = `${stamp.slice(0, 8)}/${input.region}/s3/aws4_request`;
  const query = [
    ...input.query ?? [],
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${input.credentials.accessKeyId}/${scope}`],
    ["X-Amz-Date", stamp],
    ["X-Amz-Expires", String(input.expiresSeconds)],
    ["X-Amz-SignedHeaders", "host"]
  ];
  if (input.credentials.sessionToken)
    query.push(["X-Amz-Security-Token", input.credentials.sessionToken]);
  const signed = signature({
    method: input.method,
    path: url.pathname,
    query,
    headers: { host: url.host },
    payloadHash: UNSIGNED_PAYLOAD,
    region: input.region,
    credentials: input.credentials,
    date: input.date
  });
  return `${url.origin}${url.pathname}?${canonicalQuery(query)}&X-Amz-Signature=${signed.signature}`;
}

// src/destinations/s3/xml.ts
function decodeXml(text) {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[entity];
  });
}
function xmlValues(xml, tag) {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, "g");
  return [...xml.matchAll(re)].map((m) => decodeXml(m[1]));
}
function xmlValue(xml, tag) {
  return xmlValues(xml, tag)[0];
}
function escapeXml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// src/destinations/s3/client.ts
var RETRYABLE_STATUS2 = /* @__PURE__ */ new Set([408, 429, 500, 502, 503, 504]);
var RETRYABLE_CODES2 = /* @__PURE__ */ new Set([
  "SlowDown",
  "RequestTimeout",
  "InternalError",
  "ServiceUnavailable"
]);
var SHA256_META = "x-amz-meta-sha256";
var S3Error = class extends ModelbakeError {
  constructor(message, status, code, hint) {
    super(message, { hint });
    this.status = status;
    this.code = code;
    this.name = "S3Error";
  }
  status;
  code;
};
var S3Client = class {
  config;
  location;
  http;
  now;
  idleTimeoutMs;
  httpAgent = new http2.Agent({ keepAlive: true, maxSockets: 32 });
  httpsAgent = new https2.Agent({ keepAlive: true, maxSockets: 32 });
  constructor(options) {
    this.config = options.config;
    this.location = options.location;
    this.http = options.http;
    this.now = options.now ?? (() => /* @__PURE__ */ new Date());
    this.idleTimeoutMs = options.idleTimeoutMs ?? 12e4;
  }
  close() {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
  /** The object's URL (no query): path-style for custom endpoints, virtual-hosted on AWS. */
  objectUrl(key) {
    const encodedKey = uriEncode(key, false);
    const base = new URL(this.config.endpoint);
    const bucket = this.location.bucket;
    if (this.config.pathStyle || bucket.includes(".")) {
      const path = `${base.pathname.replace(/\/+$/, "")}/${bucket}${key === "" ? "" : `/${encodedKey}`}`;
      return new URL(`${base.origin}${path}`);
    }
    return new URL(`${base.protocol}//${bucket}.${base.host}/${encodedKey}`);
  }
  /** One signed request, retried on 5xx, 429, S3's SlowDown and network errors. */
  async request(method, key, options = {}) {
    const label = `${method} ${formatLocation(this.location, key)}`;
    return this.http.withRetry(
      label,
      async () => {
        const response = await this.send(method, key, options);
        if (response.status >= 200 && response.status < 300) return response;
        if (options.accept?.includes(response.status)) return response;
        const text = response.body.toString("utf8");
        const code = xmlValue(text, "Code");
        if (RETRYABLE_STATUS2.has(response.status) || code && RETRYABLE_CODES2.has(code)) {
          throw new TransientHttpError(
            `HTTP ${response.status}${code ? ` ${code}` : ""} from ${label}`,
            response.status,
            parseRetryAfter(header(response.headers, "retry-after"))
          );
        }
        throw this.error(label, response, code, xmlValue(text, "Message"));
      },
      options.signal
    );
  }
  /** Size and stored sha256 of an object, or undefined when it is absent. */
  async head(key, signal) {
    const response = await this.request("HEAD", key, { accept: [403, 404], signal });
    if (response.status === 404 || response.status === 403) return void 0;
    const size = Number(header(response.headers, "content-length"));
    const sha256 = header(response.headers, SHA256_META);
    return { size, ...sha256 ? { sha256 } : {} };
  }
  /** The whole object (small objects: manifests, refs, listings), or undefined when absent. */
  async get(key, signal) {
    const response = await this.request("GET", key, { accept: [404], signal });
    return response.status === 404 ? void 0 : response.body;
  }
  async put(key, body, metadata, signal) {
    await this.request("PUT", key, { body, headers: metaHeaders(metadata), signal });
  }
  async createMultipart(key, metadata, signal) {
    const response = await this.request("POST", key, {
      query: [["uploads", ""]],
      headers: metaHeaders(metadata),
      signal
    });
    const uploadId = xmlValue(response.body.toString("utf8"), "UploadId");
    if (!uploadId)
      throw new ModelbakeError(`no UploadId in the answer to creating a multipart upload of ${key}`);
    return uploadId;
  }
  async uploadPart(key, uploadId, partNumber, body, signal) {
    const response = await this.request("PUT", key, {
      query: [
        ["partNumber", String(partNumber)],
        ["uploadId", uploadId]
      ],
      body,
      signal
    });
    const etag = header(response.headers, "etag");
    if (!etag) throw new ModelbakeError(`no ETag in the answer to part ${partNumber} of ${key}`);
    return etag;
  }
  async completeMultipart(key, uploadId, parts, signal) {
    const xml = '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' + parts.map(
      (p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`
    ).join("") + "</CompleteMultipartUpload>";
    const response = await this.request("POST", key, {
      query: [["uploadId", uploadId]],
      body: Buffer.from(xml),
      headers: { "content-type": "application/xml" },
      signal
    });
    const text = response.body.toString("utf8");
    if (/<Error>/.test(text)) {
      throw this.error(
        `POST ${formatLocation(this.location, key)}`,
        response,
        xmlValue(text, "Code"),
        xmlValue(text, "Message")
      );
    }
  }
  async abortMultipart(key, uploadId) {
    await this.request("DELETE", key, { query: [["uploadId", uploadId]], accept: [404] }).catch(
      () => void 0
    );
  }
  async delete(key, signal) {
    await this.request("DELETE", key, { accept: [404], signal });
  }
  /** ListObjectsV2 under `prefix`, page after page: keys, and common prefixes with a delimiter. */
  async *list(prefix, options = {}) {
    let token;
    for (; ; ) {
      const query = [
        ["list-type", "2"],
        ["prefix", prefix]
      ];
      if (options.delimiter) query.push(["delimiter", options.delimiter]);
      if (token) query.push(["continuation-token", token]);
      const response = await this.request("GET", "", { query, signal: options.signal });
      const xml = response.body.toString("utf8");
      for (const contents of xmlValues(xml, "Contents")) {
        const key = xmlValue(contents, "Key");
        if (key !== void 0) yield { key, size: Number(xmlValue(contents, "Size") ?? 0) };
      }
      for (const common of xmlValues(xml, "CommonPrefixes")) {
        const value = xmlValue(common, "Prefix");
        if (value !== void 0) yield { commonPrefix: value };
      }
      token = xmlValue(xml, "NextContinuationToken");
      if (xmlValue(xml, "IsTruncated") !== "true" || !token) return;
    }
  }
  /** A GET URL that any HTTP client can fetch (with ranges) for `expiresSeconds`. */
  presignGet(key, expiresSeconds = 6 * 3600) {
    const url = this.objectUrl(key);
    if (!this.config.credentials) return url.toString();
    return presignUrl({
      method: "GET",
      url: url.toString(),
      region: this.config.region,
      credentials: this.config.credentials,
      date: this.now(),
      expiresSeconds
    });
  }
  async send(method, key, options) {
    const url = this.objectUrl(key);
    const query = options.query ?? [];
    const body = options.body;
    const length = body === void 0 ? 0 : Buffer.isBuffer(body) ? body.length : body.end - body.start;
    const payloadHash = body === void 0 ? EMPTY_SHA256 : Buffer.isBuffer(body) ? sha256Hex(body) : body.sha256;
    const base = { host: url.host, ...options.headers };
    const headers = this.config.credentials ? signHeaders({
      method,
      path: url.pathname,
      query,
      headers: base,
      payloadHash,
      region: this.config.region,
      credentials: this.config.credentials,
      date: this.now()
    }) : { ...base, "x-amz-content-sha256": payloadHash };
    if (body !== void 0 || method === "PUT" || method === "POST")
      headers["content-length"] = String(length);
    const search = query.map(([k, v]) => v === "" ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`).join("&");
    const target = `${url.pathname}${search ? `?${search}` : ""}`;
    const isHttps = url.protocol === "https:";
    return new Promise((resolve2, reject) => {
      const req = (isHttps ? https2 : http2).request(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port || void 0,
          path: target,
          method,
          headers: { "user-agent": "modelbake", ...headers },
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          signal: options.signal
        },
        (res) => {
          res.setTimeout(
            this.idleTimeoutMs,
            () => res.destroy(Object.assign(new Error("response stalled"), { code: "ETIMEDOUT" }))
          );
          const chunks = [];
          let size = 0;
          res.on("data", (chunk) => {
            size += chunk.length;
            if (size > 64 * 1024 * 1024) res.destroy(new Error("S3 answer too large"));
            else chunks.push(chunk);
          });
          res.on("error", reject);
          res.on(
            "end",
            () => resolve2({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks)
            })
          );
        }
      );
      req.setTimeout(
        this.idleTimeoutMs,
        () => req.destroy(Object.assign(new Error("request timed out"), { code: "ETIMEDOUT" }))
      );
      req.on("error", reject);
      if (body === void 0) req.end();
      else if (Buffer.isBuffer(body)) req.end(body);
      else {
        if (body.end <= body.start) req.end();
        else {
          const source = createReadStream(body.path, {
            start: body.start,
            end: body.end - 1,
            highWaterMark: 4 * 1024 * 1024
          });
          pipeline(source, req).catch(reject);
        }
      }
    });
  }
  error(label, response, code, message) {
    const { bucket } = this.location;
    const { endpoint, region, credentialSource } = this.config;
    const region2 = header(response.headers, "x-amz-bucket-region") ?? xmlValue(response.body.toString("utf8"), "Region");
    const hints = {
      NoSuchBucket: `create the bucket "${bucket}" first, or check the endpoint (${endpoint})`,
      AccessDenied: `the credentials (${credentialSource}) may not do this on "${bucket}": they need s3:GetObject, s3:PutObject and s3:ListBucket`,
      InvalidAccessKeyId: `${endpoint} does not know this access key (from ${credentialSource}): check it, and the endpoint (AWS_ENDPOINT_URL or --s3-endpoint)`,
      SignatureDoesNotMatch: `check the secret key (from ${credentialSource}), and the region (${region}) the endpoint expects`,
      AuthorizationHeaderMalformed: `the bucket is in ${region2 ?? "another region"}: set AWS_REGION or --s3-region`,
      PermanentRedirect: `the bucket is in ${region2 ?? "another region"}: set AWS_REGION or --s3-region`,
      RequestTimeTooSkewed: "this machine's clock is off by more than 15 minutes: fix it (NTP)",
      ExpiredToken: "the session token has expired: get fresh credentials",
      XAmzContentSHA256Mismatch: "the bytes read from the local cache do not match their digest: delete that blob from the cache and run again",
      BadDigest: "the bytes read from the local cache do not match their digest: delete that blob from the cache and run again",
      EntityTooSmall: "parts must be at least 5 MiB: raise --s3-part-size",
      EntityTooLarge: "this server refuses objects or parts this large: lower --s3-part-size"
    };
    const statusHints = {
      301: hints.PermanentRedirect,
      400: "the server refused the request",
      403: hints.AccessDenied,
      404: `no such bucket or key: check the bucket "${bucket}" and the endpoint (${endpoint})`
    };
    const hint = (code && hints[code]) ?? statusHints[response.status] ?? "check the endpoint and credentials";
    const what = [code, message].filter(Boolean).join(": ");
    return new S3Error(
      `${label}: HTTP ${response.status}${what ? ` (${what})` : ""}`,
      response.status,
      code,
      hint
    );
  }
};
function metaHeaders(metadata) {
  return Object.fromEntries(
    Object.entries(metadata).map(([k, v]) => [k.startsWith("x-amz-") ? k : `x-amz-meta-${k}`, v])
  );
}

// src/destinations/s3/manifest.ts
var MANIFEST_FORMAT = "modelbake-snapshot";
var MANIFEST_VERSION = 1;
function serializeManifest(manifest) {
  const files = [...manifest.files].sort((a, b) => compareCodePoints(a.path, b.path)).map((f) => ({
    path: f.path,
    size: f.size,
    blob_id: f.blobId,
    ...f.lfs ? { lfs_sha256: f.lfs.sha256 } : {},
    ...f.xetHash ? { xet_hash: f.xetHash } : {}
  }));
  return `${JSON.stringify(
    {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      type: manifest.type,
      repo: manifest.repo,
      commit: manifest.commit,
      files
    },
    null,
    1
  )}
`;
}
function parseManifest(text, expected, where) {
  const fail = (problem) => new ModelbakeError(`the snapshot manifest ${where} is unusable: ${problem}`, {
    hint: "publish the snapshot again with `modelbake --to s3://\u2026`"
  });
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw fail("not JSON");
  }
  const doc = data;
  if (typeof doc !== "object" || doc === null || doc.format !== MANIFEST_FORMAT)
    throw fail("not a modelbake snapshot manifest");
  if (doc.version !== MANIFEST_VERSION)
    throw fail(`version ${String(doc.version)} (this modelbake reads version ${MANIFEST_VERSION})`);
  if (doc.type !== expected.type || doc.repo !== expected.repo || doc.commit !== expected.commit)
    throw fail(`it describes ${String(doc.type)} ${String(doc.repo)}@${String(doc.commit)}`);
  if (!COMMIT_RE.test(expected.commit)) throw fail("bad commit");
  if (!Array.isArray(doc.files)) throw fail("no file list");
  const files = [];
  const seen = /* @__PURE__ */ new Set();
  for (const entry of doc.files) {
    const { path, size, blob_id: blobId, lfs_sha256: sha256, xet_hash: xetHash } = entry ?? {};
    if (typeof path !== "string" || typeof blobId !== "string")
      throw fail("an entry lacks path or blob_id");
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)
      throw fail(`bad size for ${JSON.stringify(path)}`);
    if (sha256 !== void 0 && (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256)))
      throw fail(`bad sha256 for ${JSON.stringify(path)}`);
    if (sha256 === void 0 && !/^[0-9a-f]{40}$/.test(blobId))
      throw fail(`bad blob id for ${JSON.stringify(path)}`);
    if (xetHash !== void 0 && typeof xetHash !== "string")
      throw fail(`bad xet hash for ${JSON.stringify(path)}`);
    if (seen.has(path)) throw fail(`${JSON.stringify(path)} is listed twice`);
    seen.add(path);
    assertSafeRepoPath(path, expected.repo);
    const file = { path, size, blobId };
    if (sha256 !== void 0) file.lfs = { sha256, size };
    if (xetHash !== void 0) file.xetHash = xetHash;
    assertSafeEtag(etagOf(file));
    files.push(file);
  }
  return { ...expected, files: files.sort((a, b) => compareCodePoints(a.path, b.path)) };
}
function mergeFiles(theirs, ours) {
  const byPath = /* @__PURE__ */ new Map();
  for (const file of theirs) byPath.set(file.path, file);
  for (const file of ours) byPath.set(file.path, file);
  return [...byPath.values()].sort((a, b) => compareCodePoints(a.path, b.path));
}

// src/destinations/s3/upload.ts
import { createHash as createHash3 } from "node:crypto";
import { createReadStream as createReadStream2 } from "node:fs";

// src/fetch/digest.ts
import { createHash as createHash2 } from "node:crypto";
function digestFor(file) {
  const { algorithm, hex: expected } = digestOf(file);
  let hash;
  if (algorithm === "sha256") {
    hash = createHash2("sha256");
  } else {
    hash = createHash2("sha1");
    hash.update(`blob ${file.size}\0`);
  }
  return {
    algorithm,
    expected,
    update: (bytes) => void hash.update(bytes),
    hex: () => hash.digest("hex")
  };
}

// src/destinations/s3/upload.ts
var MIN_PART_SIZE = 5 * 1024 * 1024;
var MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;
var MAX_PARTS = 1e4;
var DEFAULT_PART_SIZE = 64 * 1024 * 1024;
function partSizeFor(size, requested) {
  let part = requested;
  while (Math.ceil(size / part) > MAX_PARTS) part *= 2;
  return Math.min(part, MAX_PART_SIZE);
}
function parseByteSize(text) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  if (!match) return void 0;
  const unit = { "": 0, k: 1, m: 2, g: 3, t: 4 }[match[2].toLowerCase()];
  const decimal = match[3] !== void 0 && match[3].toLowerCase() === "b" && match[2] !== "";
  const value = Number(match[1]) * (decimal ? 1e3 : 1024) ** unit;
  return Number.isFinite(value) ? Math.round(value) : void 0;
}
async function uploadBlob(client, job, options) {
  const { file } = job;
  const known = file.lfs?.sha256;
  const existing = await client.head(job.key, options.signal);
  if (existing && existing.size === file.size && existing.sha256) {
    const sha2562 = known ?? (await readParts(job, file.size || 1)).sha256;
    if (existing.sha256 === sha2562) return { uploaded: false, multipart: false };
  }
  if (file.size <= options.partSize) {
    const sha2562 = known ?? (await readParts(job, file.size || 1)).sha256;
    await options.limiter.run(
      [job.order, 0],
      () => client.put(
        job.key,
        { path: job.path, start: 0, end: file.size, sha256: sha2562 },
        { sha256: sha2562 },
        options.signal
      )
    );
    return { uploaded: true, multipart: false };
  }
  const partSize = partSizeFor(file.size, options.partSize);
  const { sha256, parts } = await readParts(job, partSize);
  const uploadId = await client.createMultipart(job.key, { sha256 }, options.signal);
  const abort = childController(options.signal);
  try {
    const etags = await settleAll(
      parts.map(
        (partSha, index) => options.limiter.run([job.order, index], () => {
          abort.signal.throwIfAborted();
          const start = index * partSize;
          return client.uploadPart(
            job.key,
            uploadId,
            index + 1,
            { path: job.path, start, end: Math.min(file.size, start + partSize), sha256: partSha },
            abort.signal
          );
        })
      ),
      abort
    );
    await client.completeMultipart(
      job.key,
      uploadId,
      etags.map((etag, index) => ({ partNumber: index + 1, etag })),
      options.signal
    );
  } catch (error) {
    await client.abortMultipart(job.key, uploadId);
    throw error;
  }
  return { uploaded: true, multipart: true };
}
async function readParts(job, partSize) {
  const { file } = job;
  const whole = createHash3("sha256");
  const digest = digestFor(file);
  const parts = [];
  let part = createHash3("sha256");
  let inPart = 0;
  let total = 0;
  for await (const chunk of createReadStream2(job.path, { highWaterMark: 4 * 1024 * 1024 })) {
    let bytes = chunk;
    total += bytes.length;
    whole.update(bytes);
    if (digest.algorithm !== "sha256") digest.update(bytes);
    while (bytes.length > 0) {
      const take = Math.min(bytes.length, partSize - inPart);
      part.update(bytes.subarray(0, take));
      inPart += take;
      bytes = bytes.subarray(take);
      if (inPart === partSize) {
        parts.push(part.digest("hex"));
        part = createHash3("sha256");
        inPart = 0;
      }
    }
  }
  if (inPart > 0) parts.push(part.digest("hex"));
  const sha256 = whole.digest("hex");
  const actual = digest.algorithm === "sha256" ? sha256 : digest.hex();
  if (total !== file.size || actual !== digest.expected) {
    throw new ModelbakeError(
      `${file.path}: the local blob does not match its digest (expected ${digest.expected} and ${file.size} bytes, got ${actual} and ${total} bytes); nothing uploaded`,
      {
        repo: job.label,
        hint: `delete ${job.path} and run modelbake again to fetch it afresh`
      }
    );
  }
  return { sha256, parts };
}

// src/destinations/s3/publish.ts
function s3HttpClient(config, logger, retry) {
  return new HttpClient({
    trustedOrigin: config.endpoint,
    userAgent: `modelbake/${VERSION}`,
    retry,
    onRetry: ({ url, attempt, delayMs, reason }) => logger.info(
      `  retrying ${url} in ${formatSeconds(delayMs / 1e3)} (attempt ${attempt}: ${reason})`
    )
  });
}
var S3Destination = class {
  constructor(location, config, options) {
    this.location = location;
    this.config = config;
    this.options = options;
    this.name = formatLocation(location);
  }
  location;
  config;
  options;
  name;
  async publish(ctx) {
    const http3 = s3HttpClient(this.config, ctx.logger, this.options.retry);
    const client = new S3Client({ config: this.config, location: this.location, http: http3 });
    const tally = {
      written: 0,
      skipped: 0,
      uploadedBlobs: 0,
      skippedBlobs: 0,
      multipart: 0,
      metadataObjects: 0
    };
    try {
      const snapshots = await snapshotsToPublish(ctx.cache, ctx.repos);
      const handled = /* @__PURE__ */ new Set();
      for (const snapshot of snapshots)
        await this.uploadBlobs(ctx, client, snapshot, tally, handled);
      for (const snapshot of snapshots) await this.uploadSnapshot(ctx, client, snapshot, tally);
      for (const snapshot of snapshots)
        for (const revision of snapshot.revisions)
          await this.putIfChanged(
            client,
            keys.ref(this.location, snapshot.ref, revision),
            Buffer.from(snapshot.commit),
            tally,
            ctx.signal
          );
    } finally {
      http3.close();
      client.close();
    }
    ctx.logger.info(
      `${this.name}: uploaded ${formatBytes(tally.written)} (${tally.uploadedBlobs} blobs), skipped ${formatBytes(tally.skipped)} already there (${tally.skippedBlobs} blobs)`
    );
    const locationNames = locationKeys(ctx.repos);
    return {
      destination: this.name,
      writtenBytes: tally.written,
      skippedBytes: tally.skipped,
      locations: Object.fromEntries(
        ctx.repos.map((r, i) => [
          locationNames[i],
          formatLocation(this.location, keys.manifest(this.location, r, r.commit))
        ])
      ),
      details: {
        endpoint: this.config.endpoint,
        bucket: this.location.bucket,
        prefix: this.location.prefix,
        uploadedBlobs: tally.uploadedBlobs,
        skippedBlobs: tally.skippedBlobs,
        multipartUploads: tally.multipart,
        metadataObjects: tally.metadataObjects,
        pull: `modelbake pull ${this.name} ${ctx.repos.map((r) => `${r.label}:${r.revision}`).join(" ")} --cache-dir "$HF_HUB_CACHE"`
      }
    };
  }
  async uploadBlobs(ctx, client, snapshot, tally, handled) {
    const id = (f) => keys.blob(this.location, snapshot.ref, etagOf(f));
    const todo = snapshot.files.filter((f) => !handled.has(id(f)) && handled.add(id(f)));
    const concurrency = this.options.concurrency ?? 4;
    const limiter = new Limiter(concurrency * 2);
    const abort = childController(ctx.signal);
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const order = next++;
        const file = todo[order];
        abort.signal.throwIfAborted();
        const result = await uploadBlob(
          client,
          {
            key: keys.blob(this.location, snapshot.ref, etagOf(file)),
            path: ctx.cache.blobPath(snapshot.ref, etagOf(file)),
            file,
            label: snapshot.label,
            order
          },
          { partSize: this.options.partSize, limiter, signal: abort.signal }
        );
        if (result.uploaded) {
          tally.written += file.size;
          tally.uploadedBlobs++;
          if (result.multipart) tally.multipart++;
        } else {
          tally.skipped += file.size;
          tally.skippedBlobs++;
        }
      }
    };
    await settleAll(Array.from({ length: Math.min(concurrency, todo.length) }, worker), abort);
  }
  /** The manifest (merged with one already there, so that other selections keep their files), then
   * the commit's listing when the local cache has it. */
  async uploadSnapshot(ctx, client, snapshot, tally) {
    const { ref, commit } = snapshot;
    const key = keys.manifest(this.location, ref, commit);
    const existing = await client.get(key, ctx.signal);
    let files = snapshot.files;
    if (existing) {
      try {
        const theirs = parseManifest(
          existing.toString("utf8"),
          { ...ref, commit },
          formatLocation(this.location, key)
        );
        files = mergeFiles(theirs.files, files);
      } catch {
        ctx.logger.warn(`${formatLocation(this.location, key)} was unreadable: replacing it`);
      }
    }
    const text = Buffer.from(serializeManifest({ ...ref, commit, files }));
    if (!existing || !existing.equals(text)) {
      await client.put(key, text, { sha256: sha256Hex(text) }, ctx.signal);
      tally.metadataObjects++;
    }
    const listing = await ctx.cache.readTreeListing(ref, commit);
    if (listing && isTreeListingWritable(listing)) {
      await this.putIfChanged(
        client,
        keys.tree(this.location, ref, commit),
        Buffer.from(serializeTreeListing(listing)),
        tally,
        ctx.signal
      );
    }
  }
  async putIfChanged(client, key, bytes, tally, signal) {
    const sha256 = sha256Hex(bytes);
    const head = await client.head(key, signal);
    if (head && head.size === bytes.length && head.sha256 === sha256) return;
    await client.put(key, bytes, { sha256 }, signal);
    tally.metadataObjects++;
  }
};

// src/destinations/s3/index.ts
function readOptionalFile(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return void 0;
  }
}
function s3ConfigFrom(options) {
  return resolveS3Config({
    env: options.env,
    endpoint: typeof options.s3Endpoint === "string" ? options.s3Endpoint : void 0,
    region: typeof options.s3Region === "string" ? options.s3Region : void 0,
    readFile: readOptionalFile
  });
}
function parsePartSize(text) {
  if (text === void 0) return DEFAULT_PART_SIZE;
  const value = typeof text === "string" ? parseByteSize(text) : void 0;
  if (value === void 0 || value < MIN_PART_SIZE || value > MAX_PART_SIZE) {
    throw new UsageError(`invalid --s3-part-size ${JSON.stringify(text)}`, {
      hint: "use a size from 5MiB to 5GiB, e.g. 64MiB (objects larger than one part are uploaded in parts)"
    });
  }
  return value;
}
function retryFrom(env) {
  const read = (name) => {
    const value = Number(env[name]);
    return env[name] !== void 0 && env[name].trim() !== "" && Number.isInteger(value) && value >= 0 ? value : void 0;
  };
  const retries = read("MODELBAKE_RETRIES");
  const baseDelayMs = read("MODELBAKE_RETRY_BASE_MS");
  return {
    ...retries !== void 0 ? { retries } : {},
    ...baseDelayMs !== void 0 ? { baseDelayMs } : {}
  };
}
function createS3Destination(target, options) {
  const location = parseS3Target(target);
  const config = s3ConfigFrom(options);
  if (!config.credentials) {
    throw new UsageError(`no AWS credentials to write to s3://${target}`, {
      hint: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in ~/.aws/credentials (AWS_PROFILE)"
    });
  }
  return new S3Destination(location, config, {
    partSize: parsePartSize(options.s3PartSize),
    retry: retryFrom(options.env)
  });
}

// src/destinations/volume/index.ts
import { resolve } from "node:path";

// src/destinations/volume/volume.ts
import { randomBytes as randomBytes4 } from "node:crypto";
import { lstat as lstat3, mkdir as mkdir4, readdir as readdir3, realpath, rename as rename4, rm as rm4, rmdir as rmdir3, stat as stat5 } from "node:fs/promises";
import { join as join4 } from "node:path";

// src/cache/hf-cache.ts
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import {
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink as readlink2,
  rename,
  rm,
  rmdir,
  stat,
  symlink,
  writeFile
} from "node:fs/promises";
import { dirname, join as join2 } from "node:path";
var CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag: backup and archiving tools may skip this folder.\n# It marks a Hugging Face hub cache (written here by modelbake). See https://bford.info/cachedir/\n";
var HfCache = class {
  constructor(root) {
    this.root = root;
  }
  root;
  /** undefined until probed: whether this filesystem takes symlinks (else files are copied). */
  symlinks;
  repoDir(repo) {
    return join2(this.root, repoFolderName(repo.type, repo.repo));
  }
  blobPath(repo, etag) {
    return join2(this.repoDir(repo), "blobs", etag);
  }
  snapshotDir(repo, commit) {
    return join2(this.repoDir(repo), "snapshots", commit);
  }
  snapshotFile(repo, commit, path) {
    return join2(this.snapshotDir(repo, commit), ...path.split("/"));
  }
  refPath(repo, revision) {
    return join2(this.repoDir(repo), "refs", ...revision.split("/"));
  }
  treeListingPath(repo, commit) {
    return join2(this.repoDir(repo), "trees", `${commit}.json`);
  }
  lockPath(repo, etag) {
    return join2(this.root, ".locks", repoFolderName(repo.type, repo.repo), `${etag}.modelbake.lock`);
  }
  /** Create the root and its CACHEDIR.TAG. Fails clearly when the root is not a usable folder. */
  async prepare() {
    try {
      await mkdir(this.root, { recursive: true });
      const info = await stat(this.root);
      if (!info.isDirectory())
        throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
      await writeFile(join2(this.root, "CACHEDIR.TAG"), CACHEDIR_TAG, { flag: "wx" }).catch(
        (error) => {
          if (error.code !== "EEXIST") throw error;
        }
      );
    } catch (error) {
      throw cacheError(this.root, error);
    }
  }
  async readRef(repo, revision) {
    try {
      const text = (await readFile(this.refPath(repo, revision), "utf8")).trim();
      return /^[0-9a-f]{40}$/.test(text) ? text : void 0;
    } catch {
      return void 0;
    }
  }
  /** refs/<revision> holds the commit with no trailing newline; refs/pr/1 is a nested file. */
  async writeRef(repo, revision, commit) {
    if (revision === commit) {
      await mkdir(join2(this.repoDir(repo), "refs"), { recursive: true });
      return;
    }
    const path = this.refPath(repo, revision);
    if (await this.readRef(repo, revision) === commit) return;
    await atomicWrite(path, commit);
  }
  async readTreeListing(repo, commit) {
    try {
      return parseTreeListing(await readFile(this.treeListingPath(repo, commit), "utf8"));
    } catch {
      return void 0;
    }
  }
  /** Written exactly as huggingface_hub would, or (like it) not at all when it could not be. */
  async writeTreeListing(repo, commit, files) {
    if (!isTreeListingWritable(files)) return;
    const text = serializeTreeListing(files);
    const path = this.treeListingPath(repo, commit);
    const existing = await readFile(path, "utf8").catch(() => void 0);
    if (existing !== text) await atomicWrite(path, text);
  }
  /** Whether the blob is present with the listed size (its digest was checked when it was written). */
  async hasBlob(repo, file) {
    try {
      const info = await stat(this.blobPath(repo, etagOf(file)));
      return info.isFile() && info.size === file.size;
    } catch {
      return false;
    }
  }
  /** Whether the snapshot path already leads to the right blob. */
  async isLinked(repo, commit, file) {
    const path = this.snapshotFile(repo, commit, file.path);
    try {
      const info = await lstat(path);
      if (info.isSymbolicLink())
        return await readlink2(path) === relativeLinkTarget(file.path, etagOf(file));
      return info.isFile() && info.size === file.size;
    } catch {
      return false;
    }
  }
  /** Point `snapshots/<commit>/<path>` at its blob: a relative symlink, or a copy where links fail. */
  async link(repo, commit, file) {
    const path = this.snapshotFile(repo, commit, file.path);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(4).toString("hex")}.modelbake.tmp`;
    try {
      if (await this.symlinksWork(dirname(path))) {
        await symlink(relativeLinkTarget(file.path, etagOf(file)), temporary);
      } else {
        await copyFile(this.blobPath(repo, etagOf(file)), temporary, constants.COPYFILE_FICLONE);
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw cacheError(path, error);
    }
  }
  /** After a failed run: remove the folders it created for this repo if they hold nothing. */
  async removeIfEmpty(repo) {
    const folder = repoFolderName(repo.type, repo.repo);
    for (const dir of [
      join2(this.repoDir(repo), "blobs"),
      this.repoDir(repo),
      join2(this.root, ".locks", folder),
      join2(this.root, ".locks")
    ]) {
      await rmdir(dir).catch(() => void 0);
    }
  }
  /** Files (paths in the repo) present under a snapshot folder, for offline runs without a listing. */
  async listSnapshot(repo, commit) {
    const root = this.snapshotDir(repo, commit);
    const found = [];
    const walk = async (dir, prefix) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = join2(dir, entry.name);
        const path = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(full, path);
        else {
          const info = await stat(full).catch(() => void 0);
          if (info?.isFile()) found.push({ path, size: info.size });
        }
      }
    };
    await walk(root, "").catch(() => void 0);
    return found.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  async symlinksWork(dir) {
    if (this.symlinks !== void 0) return this.symlinks;
    const probe = join2(dir, `.modelbake-symlink-probe-${randomBytes(4).toString("hex")}`);
    try {
      await symlink("probe-target", probe);
      this.symlinks = true;
    } catch (error) {
      const code = error.code;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS")
        throw error;
      this.symlinks = false;
    } finally {
      await rm(probe, { force: true });
    }
    return this.symlinks;
  }
};
async function atomicWrite(path, text) {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(4).toString("hex")}.modelbake.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw cacheError(path, error);
  }
}
function cacheError(path, error) {
  if (error instanceof ModelbakeError) return error;
  const code = error.code;
  const hints = {
    ENOSPC: "the disk is full: free space or choose another cache folder (--cache-dir)",
    EDQUOT: "the disk quota is exhausted: free space or choose another cache folder (--cache-dir)",
    EACCES: "no permission to write there: choose a writable cache folder (--cache-dir)",
    EPERM: "no permission to write there: choose a writable cache folder (--cache-dir)",
    EROFS: "the filesystem is read-only: choose a writable cache folder (--cache-dir)",
    ENOTDIR: "a file stands where a folder should be: choose another cache folder (--cache-dir) or remove that file",
    EEXIST: "a file stands where a folder should be: choose another cache folder (--cache-dir) or remove that file"
  };
  return new ModelbakeError(`cannot write ${path} (${code ?? error.message})`, {
    hint: (code && hints[code]) ?? "check the cache folder and retry",
    cause: error
  });
}

// src/cache/lock.ts
import { hostname } from "node:os";
import { mkdir as mkdir2, open, readFile as readFile2, rename as rename2, stat as stat2, unlink, utimes } from "node:fs/promises";
import { dirname as dirname2 } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { randomBytes as randomBytes2 } from "node:crypto";
var HOST = hostname();
async function acquireLock(path, options = {}) {
  const staleMs = options.staleMs ?? 3e4;
  const heartbeatMs = options.heartbeatMs ?? Math.max(500, Math.floor(staleMs / 4));
  const pollMs = options.pollMs ?? 100;
  await mkdir2(dirname2(path), { recursive: true });
  for (; ; ) {
    options.signal?.throwIfAborted();
    if (options.done && await options.done()) return void 0;
    if (await tryCreate(path)) return startHeartbeat(path, heartbeatMs);
    if (await isStale(path, staleMs)) await breakLock(path);
    else await sleep(pollMs);
  }
}
async function tryCreate(path) {
  try {
    const handle = await open(path, "wx");
    await handle.writeFile(
      JSON.stringify({ pid: process.pid, host: HOST, since: (/* @__PURE__ */ new Date()).toISOString() })
    );
    await handle.close();
    return true;
  } catch (error) {
    if (error.code === "EEXIST") return false;
    throw error;
  }
}
async function isStale(path, staleMs) {
  try {
    const info = await stat2(path);
    if (Date.now() - info.mtimeMs > staleMs) return true;
    const holder = JSON.parse(await readFile2(path, "utf8"));
    return holder.host === HOST && typeof holder.pid === "number" && !isAlive(holder.pid);
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT" || error instanceof SyntaxError) return false;
    throw error;
  }
}
async function breakLock(path) {
  const grave = `${path}.stale-${randomBytes2(4).toString("hex")}`;
  try {
    await rename2(path, grave);
    await unlink(grave);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
}
function isAlive(pid) {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
function startHeartbeat(path, heartbeatMs) {
  const timer = setInterval(() => {
    const now = /* @__PURE__ */ new Date();
    utimes(path, now, now).catch(() => void 0);
  }, heartbeatMs);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await unlink(path).catch(() => void 0);
    }
  };
}

// src/destinations/volume/copy.ts
import { randomBytes as randomBytes3 } from "node:crypto";
import { constants as constants2, createReadStream as createReadStream3 } from "node:fs";
import { copyFile as copyFile2, mkdir as mkdir3, rename as rename3, rm as rm2, stat as stat3 } from "node:fs/promises";
import { dirname as dirname3 } from "node:path";
async function fileDigest(path, file) {
  const digest = digestFor(file);
  for await (const chunk of createReadStream3(path, { highWaterMark: 4 * 1024 * 1024 }))
    digest.update(chunk);
  return digest.hex();
}
async function copyVerifiedBlob(source, target, file, label) {
  await mkdir3(dirname3(target), { recursive: true }).catch((error) => {
    throw cacheError(dirname3(target), error);
  });
  const temporary = `${target}.${randomBytes3(4).toString("hex")}.modelbake.tmp`;
  try {
    try {
      await copyFile2(source, temporary, constants2.COPYFILE_FICLONE);
    } catch (error) {
      if (error.code === "ENOENT" && !await exists(source)) {
        throw new ModelbakeError(`${file.path}: the local cache has no blob ${source}`, {
          repo: label,
          hint: "run modelbake again without --offline to fetch it"
        });
      }
      throw cacheError(temporary, error);
    }
    const size = (await stat3(temporary)).size;
    const digest = digestFor(file);
    const actual = size === file.size ? await fileDigest(temporary, file) : `${size} bytes`;
    if (actual !== digest.expected) {
      throw new ModelbakeError(
        `${file.path}: the copy on the volume does not match its digest (expected ${digest.expected}, got ${actual})`,
        {
          repo: label,
          hint: `the local blob ${source} or the volume is damaged: delete that blob and run again`
        }
      );
    }
    await rename3(temporary, target).catch((error) => {
      throw cacheError(target, error);
    });
  } catch (error) {
    await rm2(temporary, { force: true });
    throw error;
  }
}
async function exists(path) {
  return stat3(path).then(
    () => true,
    () => false
  );
}

// src/destinations/volume/prune.ts
import { lstat as lstat2, readdir as readdir2, readlink as readlink3, rm as rm3, rmdir as rmdir2, stat as stat4 } from "node:fs/promises";
import { basename as basename2, join as join3 } from "node:path";
async function pruneRepo(volume, ref, keep) {
  const repoDir = volume.repoDir(ref);
  const result = { revisions: [], snapshots: [], blobs: 0, bytes: 0 };
  const refsDir = join3(repoDir, "refs");
  for (const revision of await walkFiles(refsDir)) {
    if (keep.revisions.has(revision)) continue;
    await rm3(join3(refsDir, ...revision.split("/")), { force: true });
    result.revisions.push(revision);
  }
  await removeEmptyDirs(refsDir, false);
  const snapshotsDir = join3(repoDir, "snapshots");
  for (const name of await readdir2(snapshotsDir).catch(() => [])) {
    if (keep.commits.has(name)) continue;
    await rm3(join3(snapshotsDir, name), { recursive: true, force: true });
    await rm3(volume.treeListingPath(ref, name), { force: true });
    await rm3(join3(repoDir, ".no_exist", name), { recursive: true, force: true });
    result.snapshots.push(name);
  }
  for (const name of await readdir2(join3(repoDir, "trees")).catch(() => [])) {
    const commit = name.replace(/\.json$/, "");
    if (name.endsWith(".json") && !keep.commits.has(commit))
      await rm3(join3(repoDir, "trees", name), { force: true });
  }
  const used = /* @__PURE__ */ new Set();
  for (const commit of keep.commits) {
    const listing = await volume.readTreeListing(ref, commit);
    const etagByPath = new Map((listing ?? []).map((f) => [f.path, etagOf(f)]));
    const snapshot = volume.snapshotDir(ref, commit);
    for (const path of await walkFiles(snapshot)) {
      const full = join3(snapshot, ...path.split("/"));
      const info = await lstat2(full);
      if (info.isSymbolicLink()) used.add(basename2(await readlink3(full)));
      else {
        const etag = etagByPath.get(path);
        if (etag === void 0) return result;
        used.add(etag);
      }
    }
  }
  const blobsDir = join3(repoDir, "blobs");
  for (const name of await readdir2(blobsDir).catch(() => [])) {
    if (used.has(name) || name.includes(".")) continue;
    const path = join3(blobsDir, name);
    const size = (await stat4(path).catch(() => void 0))?.size ?? 0;
    await rm3(path, { force: true });
    result.blobs++;
    result.bytes += size;
  }
  return result;
}
async function walkFiles(root) {
  const found = [];
  const walk = async (dir, prefix) => {
    for (const entry of await readdir2(dir, { withFileTypes: true }).catch(() => [])) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(join3(dir, entry.name), path);
      else if (!entry.name.endsWith(".modelbake.tmp")) found.push(path);
    }
  };
  await walk(root, "");
  return found.sort();
}
async function removeEmptyDirs(dir, removeSelf) {
  for (const entry of await readdir2(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) await removeEmptyDirs(join3(dir, entry.name), true);
  }
  if (removeSelf) await rmdir2(dir).catch(() => void 0);
}

// src/destinations/volume/volume.ts
var VolumeCache = class extends HfCache {
  staging = /* @__PURE__ */ new Map();
  snapshotDir(repo, commit) {
    return this.staging.get(stagingKey(repo, commit)) ?? super.snapshotDir(repo, commit);
  }
  finalSnapshotDir(repo, commit) {
    return super.snapshotDir(repo, commit);
  }
  stage(repo, commit, dir) {
    if (dir === void 0) this.staging.delete(stagingKey(repo, commit));
    else this.staging.set(stagingKey(repo, commit), dir);
  }
};
var stagingKey = (repo, commit) => `${repoFolderName(repo.type, repo.repo)}\0${commit}`;
var VolumeDestination = class {
  constructor(root, options = {}) {
    this.root = root;
    this.options = options;
    this.name = `volume:${root}`;
  }
  root;
  options;
  name;
  async publish(ctx) {
    const volume = new VolumeCache(this.root);
    const snapshots = await snapshotsToPublish(ctx.cache, ctx.repos);
    const tally = {
      written: 0,
      skipped: 0,
      copiedBlobs: 0,
      skippedBlobs: 0,
      fileCopies: 0,
      pruned: []
    };
    const keys2 = locationKeys(ctx.repos);
    const locations = Object.fromEntries(
      ctx.repos.map((r, i) => [keys2[i], volume.finalSnapshotDir(r, r.commit)])
    );
    if (await sameFolder(ctx.cache.root, this.root)) {
      ctx.logger.info(`${this.name}: this is the cache itself; nothing to copy`);
      for (const snapshot of snapshots) tally.skipped += uniqueBlobBytes(snapshot.files);
      return this.report(tally, locations, false);
    }
    await volume.prepare();
    const byRepo = /* @__PURE__ */ new Map();
    for (const snapshot of snapshots) {
      const folder = repoFolderName(snapshot.ref.type, snapshot.ref.repo);
      byRepo.set(folder, [...byRepo.get(folder) ?? [], snapshot]);
    }
    for (const group of byRepo.values()) {
      ctx.signal?.throwIfAborted();
      await this.publishRepo(ctx, volume, group, tally);
    }
    ctx.logger.info(
      `${this.name}: copied ${formatBytes(tally.written)} (${tally.copiedBlobs} blobs), skipped ${formatBytes(tally.skipped)} already there (${tally.skippedBlobs} blobs)`
    );
    return this.report(tally, locations, await symlinkMode(volume, snapshots));
  }
  report(tally, locations, symlinks) {
    return {
      destination: this.name,
      writtenBytes: tally.written,
      skippedBytes: tally.skipped,
      locations,
      details: {
        cacheDir: this.root,
        copiedBlobs: tally.copiedBlobs,
        skippedBlobs: tally.skippedBlobs,
        symlinks,
        ...tally.fileCopies ? { snapshotFileCopies: tally.fileCopies } : {},
        ...this.options.prune ? {
          pruned: {
            revisions: tally.pruned.flatMap((p) => p.revisions),
            snapshots: tally.pruned.flatMap((p) => p.snapshots),
            blobs: tally.pruned.reduce((s, p) => s + p.blobs, 0),
            bytes: tally.pruned.reduce((s, p) => s + p.bytes, 0)
          }
        } : {}
      }
    };
  }
  /** Everything of one repo, under the repo's lock: blobs, snapshots, listings, refs, prune. */
  async publishRepo(ctx, volume, snapshots, tally) {
    const ref = snapshots[0].ref;
    const lock = await acquireLock(volume.lockPath(ref, "publish"), {
      staleMs: this.options.lockStaleMs ?? 6e4,
      signal: ctx.signal
    });
    try {
      await removeLeftovers(volume, ref);
      const handled = /* @__PURE__ */ new Set();
      for (const snapshot of snapshots) {
        await this.copyBlobs(ctx, volume, snapshot, tally, handled);
        await this.placeSnapshot(volume, snapshot, tally);
        const listing = await ctx.cache.readTreeListing(ref, snapshot.commit);
        if (listing) await volume.writeTreeListing(ref, snapshot.commit, listing);
      }
      for (const snapshot of snapshots)
        for (const revision of snapshot.revisions)
          await volume.writeRef(ref, revision, snapshot.commit);
      if (this.options.prune) {
        const pruned = await pruneRepo(volume, ref, {
          commits: new Set(snapshots.map((s) => s.commit)),
          revisions: new Set(snapshots.flatMap((s) => s.revisions))
        });
        if (pruned.revisions.length || pruned.snapshots.length || pruned.blobs) {
          ctx.logger.info(
            `${this.name}: pruned ${snapshots[0].label}: ${pruned.revisions.length} refs, ${pruned.snapshots.length} snapshots, ${pruned.blobs} blobs (${formatBytes(pruned.bytes)})`
          );
        }
        tally.pruned.push(pruned);
      }
    } finally {
      await lock.release();
    }
  }
  async copyBlobs(ctx, volume, snapshot, tally, handled) {
    const { ref } = snapshot;
    const todo = snapshot.files.filter((f) => !handled.has(etagOf(f)) && handled.add(etagOf(f)));
    const abort = childController(ctx.signal);
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const file = todo[next++];
        abort.signal.throwIfAborted();
        if (await volume.hasBlob(ref, file)) {
          tally.skipped += file.size;
          tally.skippedBlobs++;
          continue;
        }
        await copyVerifiedBlob(
          ctx.cache.blobPath(ref, etagOf(file)),
          volume.blobPath(ref, etagOf(file)),
          file,
          snapshot.label
        );
        tally.written += file.size;
        tally.copiedBlobs++;
      }
    };
    await settleAll(
      Array.from({ length: Math.min(this.options.concurrency ?? 4, todo.length) }, worker),
      abort
    );
  }
  /**
   * A snapshot that does not exist yet is assembled under <repo>/.modelbake-staging/ (same depth as
   * snapshots/<commit>, so relative links resolve the same) and renamed into place: a reader sees
   * all of it or none of it. Files missing from an existing snapshot are added one by one.
   */
  async placeSnapshot(volume, snapshot, tally) {
    const { ref, commit } = snapshot;
    const final = volume.finalSnapshotDir(ref, commit);
    if (!await isDirectory(final)) {
      const staging = join4(
        volume.repoDir(ref),
        ".modelbake-staging",
        `${commit}.${randomBytes4(4).toString("hex")}`
      );
      await mkdir4(staging, { recursive: true });
      volume.stage(ref, commit, staging);
      try {
        for (const file of snapshot.files) await this.linkFile(volume, snapshot, file, tally);
      } finally {
        volume.stage(ref, commit, void 0);
      }
      await mkdir4(join4(volume.repoDir(ref), "snapshots"), { recursive: true });
      try {
        await rename4(staging, final);
      } catch (error) {
        const code = error.code;
        if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
        await rm4(staging, { recursive: true, force: true });
      }
      await rmdir3(join4(volume.repoDir(ref), ".modelbake-staging")).catch(() => void 0);
    }
    for (const file of snapshot.files) {
      if (!await volume.isLinked(ref, commit, file))
        await this.linkFile(volume, snapshot, file, tally);
    }
  }
  async linkFile(volume, snapshot, file, tally) {
    await volume.link(snapshot.ref, snapshot.commit, file);
    const info = await lstat3(volume.snapshotFile(snapshot.ref, snapshot.commit, file.path));
    if (!info.isSymbolicLink()) {
      tally.fileCopies++;
      tally.written += file.size;
    }
  }
};
async function removeLeftovers(volume, ref) {
  const repoDir = volume.repoDir(ref);
  await rm4(join4(repoDir, ".modelbake-staging"), { recursive: true, force: true });
  for (const name of await readdir3(join4(repoDir, "blobs")).catch(() => [])) {
    if (/\.[0-9a-f]{8}\.modelbake\.tmp$/.test(name))
      await rm4(join4(repoDir, "blobs", name), { force: true });
  }
}
function uniqueBlobBytes(files) {
  const sizes = new Map(files.map((f) => [etagOf(f), f.size]));
  return [...sizes.values()].reduce((a, b) => a + b, 0);
}
async function isDirectory(path) {
  return stat5(path).then(
    (info) => info.isDirectory(),
    () => false
  );
}
async function sameFolder(a, b) {
  const [x, y] = await Promise.all([realpath(a).catch(() => a), realpath(b).catch(() => b)]);
  return x === y;
}
async function symlinkMode(volume, snapshots) {
  const first = snapshots.find((s) => s.files.length > 0);
  if (!first) return true;
  const info = await lstat3(volume.snapshotFile(first.ref, first.commit, first.files[0].path)).catch(
    () => void 0
  );
  return info ? info.isSymbolicLink() : true;
}

// src/destinations/volume/index.ts
function createVolumeDestination(target, options) {
  const dir = target.trim();
  if (dir === "") {
    throw new UsageError("volume: needs a folder", {
      hint: "use volume:DIR with the hub cache folder of the volume, e.g. volume:/runpod-volume/huggingface-cache/hub"
    });
  }
  return new VolumeDestination(resolve(expandUser(dir, options.env, "The volume folder")), {
    prune: options.prune === true
  });
}

// src/destinations/index.ts
registerDestination("volume:", createVolumeDestination);
registerDestination("s3://", createS3Destination);

// src/config.ts
var DEFAULT_ENDPOINT = "https://huggingface.co";
var DEFAULT_CONCURRENCY = 8;
var DEFAULT_LOCK_FILE = "modelbake.lock.json";
function buildRunOptions(raw, deps) {
  const { env } = deps;
  const specs = collectSpecs(raw, env);
  const endpoint = parseEndpoint2(raw.endpoint ?? env.HF_ENDPOINT ?? DEFAULT_ENDPOINT);
  const offline = raw.offline || isTrue(env.HF_HUB_OFFLINE);
  return {
    specs,
    allow: cleanPatterns(raw.allow, "--allow"),
    ignore: cleanPatterns(raw.ignore, "--ignore"),
    cacheDir: resolveCacheDir(emptyToUndefined(raw.cacheDir), env),
    endpoint,
    token: resolveToken(raw.token, deps),
    concurrency: parseConcurrency(raw.concurrency),
    offline,
    dryRun: Boolean(raw.dryRun),
    retry: retryFromEnv(env),
    lock: raw.lock?.trim() || raw.locked ? { path: raw.lock?.trim() || DEFAULT_LOCK_FILE, locked: Boolean(raw.locked) } : void 0,
    destinations: (raw.to ?? []).map((text) => text.trim()).filter((text) => text !== "").map((text) => parseDestination(text, { ...raw.destinationOptions, env }))
  };
}
function retryFromEnv(env) {
  const read = (name, max) => {
    const text = env[name];
    if (text === void 0 || text.trim() === "") return void 0;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new UsageError(`invalid ${name} "${text}"`, {
        hint: `use a whole number from 0 to ${max}`
      });
    }
    return value;
  };
  const retries = read("MODELBAKE_RETRIES", 100);
  const baseDelayMs = read("MODELBAKE_RETRY_BASE_MS", 6e5);
  return {
    ...retries !== void 0 ? { retries } : {},
    ...baseDelayMs !== void 0 ? { baseDelayMs } : {}
  };
}
function collectSpecs(raw, env) {
  const specs = [];
  (raw.specs ?? []).forEach((text, i) => {
    specs.push(parseSpec(text.trim(), { source: `argument ${i + 1}` }));
  });
  for (const text of raw.models ?? [])
    specs.push(...parseSpecDocument(text, { type: "model", source: "models" }));
  for (const text of raw.datasets ?? [])
    specs.push(...parseSpecDocument(text, { type: "dataset", source: "datasets" }));
  for (const file of raw.specFiles ?? [])
    specs.push(...parseSpecDocument(file.text, { type: "model", source: file.name }));
  if (specs.length === 0) specs.push(...specsFromEnv(env));
  if (specs.length === 0) {
    throw new UsageError("no repo to fetch", {
      hint: "name one as org/name[:revision] (an argument, or the `models` input of the Action), or set RUNPOD_HUGGINGFACE_MODEL / HUGGINGFACE_MODELS"
    });
  }
  return mergeSpecs(specs);
}
function resolveToken(flag, deps) {
  const { env } = deps;
  const candidates = [flag, env.HF_TOKEN, env.HUGGING_FACE_HUB_TOKEN, env.RUNPOD_HUGGINGFACE_TOKEN];
  for (const candidate of candidates) {
    const token = emptyToUndefined(candidate);
    if (token) return checkToken(token);
  }
  if (!deps.readTokenFile) return void 0;
  const home = env.HF_HOME ?? (env.XDG_CACHE_HOME ? `${env.XDG_CACHE_HOME}/huggingface` : env.HOME ? `${env.HOME}/.cache/huggingface` : void 0);
  const stored = home ? emptyToUndefined(deps.readTokenFile(`${home}/token`)) : void 0;
  return stored ? checkToken(stored) : void 0;
}
function checkToken(token) {
  if (/[\s\x00-\x1f\x7f]/.test(token)) {
    throw new UsageError("the Hub token contains whitespace or control characters", {
      hint: "copy the token again without spaces or line breaks"
    });
  }
  return token;
}
function parseEndpoint2(text) {
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`invalid endpoint "${text}"`, {
      hint: "use a URL such as https://huggingface.co"
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`invalid endpoint "${text}": only http(s) URLs are supported`, {
      hint: "use a URL such as https://huggingface.co"
    });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError("the endpoint must not carry credentials, a query or a fragment", {
      hint: "pass the token with --token or HF_TOKEN, and the endpoint as https://host[/path]"
    });
  }
  return url.toString().replace(/\/+$/, "");
}
function parseConcurrency(text) {
  if (text === void 0 || text.trim() === "") return DEFAULT_CONCURRENCY;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 256) {
    throw new UsageError(`invalid concurrency "${text}"`, {
      hint: "use a whole number from 1 to 256 (default 8)"
    });
  }
  return value;
}
function cleanPatterns(patterns, flag) {
  if (!patterns) return void 0;
  const cleaned = patterns.map((p) => p.trim()).filter((p) => p !== "");
  for (const pattern of cleaned) {
    if (pattern.includes("\0"))
      throw new UsageError(`${flag} pattern contains a NUL byte`, { hint: "remove it" });
  }
  return cleaned.length > 0 ? cleaned : void 0;
}
function isTrue(value) {
  return value !== void 0 && ["1", "ON", "YES", "TRUE"].includes(value.trim().toUpperCase());
}
function emptyToUndefined(value) {
  return value === void 0 || value.trim() === "" ? void 0 : value.trim();
}

// src/report/logger.ts
function redactSecrets(text, secrets) {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("***");
  return out;
}
function createLogger(stream, options = {}) {
  const secrets = options.secrets ?? [];
  const emit = (text) => void stream.write(redactSecrets(text, secrets));
  return {
    tty: Boolean(stream.isTTY) && !options.quiet,
    info: (line) => {
      if (!options.quiet) emit(`${line}
`);
    },
    warn: (line) => emit(`warning: ${line}
`),
    write: (text) => {
      if (!options.quiet) emit(text);
    }
  };
}

// src/report/json.ts
function jsonReport(report) {
  return {
    repos: report.repos.map((r) => ({
      repo: r.repo,
      type: r.type,
      revision: r.revision,
      commit: r.commit,
      snapshotPath: r.snapshotPath,
      files: r.files,
      bytes: r.bytes,
      downloadedBytes: r.downloadedBytes,
      label: r.label,
      reusedBytes: r.reusedBytes,
      seconds: r.seconds,
      ...report.dryRun ? { paths: r.paths, wouldDownloadBytes: r.bytes - r.reusedBytes } : {}
    })),
    destinations: report.destinations,
    cacheDir: report.cacheDir,
    dryRun: report.dryRun,
    offline: report.offline
  };
}

// src/fetch/download-blob.ts
import {
  mkdir as mkdir5,
  open as open2,
  readFile as readFile3,
  rename as rename5,
  rm as rm5,
  stat as stat6,
  writeFile as writeFile2
} from "node:fs/promises";
import { dirname as dirname4 } from "node:path";

// src/hub/api.ts
var TYPE_PLURAL = {
  model: "models",
  dataset: "datasets",
  space: "spaces"
};
function encodePath(path) {
  return path.split("/").map(encodeURIComponent).join("/");
}
function apiRepoUrl(endpoint, ref) {
  return `${trimSlash(endpoint)}/api/${TYPE_PLURAL[ref.type]}/${encodePath(ref.repo)}`;
}
function resolveUrl(endpoint, ref, revision, path) {
  const prefix = ref.type === "model" ? "" : `${TYPE_PLURAL[ref.type]}/`;
  return `${trimSlash(endpoint)}/${prefix}${encodePath(ref.repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`;
}
function repoLabel(ref) {
  return ref.type === "model" ? ref.repo : `${TYPE_PLURAL[ref.type]}/${ref.repo}`;
}
var HubApi = class {
  constructor(endpoint, http3, hasToken) {
    this.endpoint = endpoint;
    this.http = http3;
    this.hasToken = hasToken;
  }
  endpoint;
  http;
  hasToken;
  /** The commit a branch, tag or PR ref points at. One call; none for a 40-hex commit. */
  async resolveRevision(ref, revision) {
    if (COMMIT_RE.test(revision)) return revision;
    const url = `${apiRepoUrl(this.endpoint, ref)}/revision/${encodeURIComponent(revision)}`;
    const { data } = await this.http.json(
      { url },
      (response, text) => this.fail(ref, revision, response, text)
    );
    if (typeof data.sha !== "string" || !COMMIT_RE.test(data.sha)) {
      throw new ModelbakeError(`the Hub answered revision "${revision}" without a commit sha`, {
        repo: repoLabel(ref),
        hint: `check that ${this.endpoint} is a Hugging Face Hub endpoint`
      });
    }
    return data.sha;
  }
  /** Every file of the repo at `commit`, following `Link: rel="next"` pagination to the end. */
  async listFiles(ref, commit) {
    const files = [];
    let url = `${apiRepoUrl(this.endpoint, ref)}/tree/${encodeURIComponent(commit)}?recursive=true&expand=false`;
    for (let page = 0; url; page++) {
      if (page > 1e5)
        throw new ModelbakeError("tree listing does not end", { repo: repoLabel(ref) });
      const { data, response } = await this.http.json(
        { url },
        (res, text) => this.fail(ref, commit, res, text)
      );
      if (!Array.isArray(data)) {
        throw new ModelbakeError(
          "the Hub answered the tree listing with something else than a list",
          {
            repo: repoLabel(ref)
          }
        );
      }
      for (const entry of data) if (entry?.type === "file") files.push(toRepoFile(ref, entry));
      url = nextLink(header(response.headers, "link"), response.url);
      if (url && new URL(url).origin !== new URL(response.url).origin) {
        throw new ModelbakeError("the tree listing points its next page at another host", {
          repo: repoLabel(ref)
        });
      }
    }
    return files;
  }
  /** Turn a Hub error answer into a message that says what to do. Never includes the token. */
  fail(ref, revision, response, text) {
    throw hubError(ref, revision, response, text, this.hasToken);
  }
};
function hubError(ref, revision, response, text, hasToken, path) {
  const repo = repoLabel(ref);
  const code = header(response.headers, "x-error-code");
  const serverMessage = header(response.headers, "x-error-message");
  const status = response.status;
  if (serverMessage === "Access to this resource is disabled.") {
    return new ModelbakeError("this repo has been disabled on the Hub", {
      repo,
      hint: "choose another repo; a disabled repo cannot be downloaded"
    });
  }
  switch (code) {
    case "RepoNotFound":
      return new ModelbakeError(`repo not found (HTTP ${status})`, {
        repo,
        hint: hasToken ? "check the spelling, and that your token can read this repo if it is private" : "check the spelling; if the repo is private, set HF_TOKEN (or --token) to a token that can read it"
      });
    case "GatedRepo":
      return new ModelbakeError(`this repo is gated (HTTP ${status})`, {
        repo,
        hint: hasToken ? "request access on the repo page with the account that owns the token, then retry" : "accept the conditions on the repo page, then set HF_TOKEN (or --token) to a token of that account"
      });
    case "RevisionNotFound":
      return new ModelbakeError(`revision "${revision}" not found`, {
        repo,
        hint: "use an existing branch, tag, refs/pr/N or full 40-character commit"
      });
    case "EntryNotFound":
      return new ModelbakeError(`file "${path ?? "?"}" not found at ${revision}`, {
        repo,
        hint: "the listing and the files disagree; retry, and report it if it persists"
      });
  }
  if (status === 401) {
    return new ModelbakeError("the Hub refused the credentials (HTTP 401)", {
      repo,
      hint: hasToken ? "the token is invalid or expired: create a new one" : "set HF_TOKEN (or --token)"
    });
  }
  if (status === 403) {
    return new ModelbakeError("access denied (HTTP 403)", {
      repo,
      hint: "check that your token has read access to this repo"
    });
  }
  const detail = safeDetail(text);
  return new ModelbakeError(
    `unexpected answer HTTP ${status} from ${redactUrl(response.url)}${detail ? `: ${detail}` : ""}`,
    { repo, hint: "check --endpoint / HF_ENDPOINT and retry" }
  );
}
function toRepoFile(ref, entry) {
  const valid = typeof entry.path === "string" && typeof entry.oid === "string" && Number.isSafeInteger(entry.size) && entry.size >= 0;
  if (!valid) {
    throw new ModelbakeError(
      `the tree listing has a malformed entry ${JSON.stringify(entry).slice(0, 200)}`,
      {
        repo: repoLabel(ref)
      }
    );
  }
  const file = { path: entry.path, size: entry.size, blobId: entry.oid };
  if (entry.lfs) file.lfs = { sha256: entry.lfs.oid, size: entry.lfs.size };
  if (entry.xetHash) file.xetHash = entry.xetHash;
  return file;
}
function nextLink(link, base) {
  if (!link) return void 0;
  for (const part of link.split(",")) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (match && /rel\s*=\s*"?next"?/.test(match[2])) return new URL(match[1], base).toString();
  }
  return void 0;
}
function safeDetail(text) {
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed.error === "string") return parsed.error.slice(0, 200);
  } catch {
  }
  return "";
}
function trimSlash(url) {
  return url.replace(/\/+$/, "");
}

// src/fetch/ordered-hasher.ts
var READ_BACK_PIECE = 4 * 1024 * 1024;
var OrderedHasher = class {
  constructor(digest, file, budget) {
    this.digest = digest;
    this.file = file;
    this.budget = budget;
  }
  digest;
  file;
  budget;
  hashed = 0;
  buffered = /* @__PURE__ */ new Map();
  /** Sorted, merged [start, end) ranges known to be on disk beyond the frontier. */
  written = [];
  pumping;
  failure;
  get frontier() {
    return this.hashed;
  }
  /** `bytes` were just written at `offset`. The buffer must not be reused by the caller. */
  add(offset, bytes) {
    if (bytes.length === 0) return;
    if (!this.pumping && offset === this.hashed) {
      this.digest.update(bytes);
      this.hashed += bytes.length;
    } else {
      this.markWritten(offset, offset + bytes.length);
      if (this.budget.take(bytes.length)) this.buffered.set(offset, bytes);
    }
    this.kick();
  }
  /** Ranges that were written by an earlier run (resume): they will be read back in order. */
  addWrittenRange(start, end) {
    if (end > start) this.markWritten(start, end);
    this.kick();
  }
  /** Wait until every byte up to `size` is hashed; then the digest's hex is final. */
  async finish(size) {
    this.kick();
    while (this.pumping) await this.pumping;
    if (this.failure) throw this.failure;
    if (this.hashed !== size) throw new Error(`internal: hashed ${this.hashed} of ${size} bytes`);
    return this.digest.hex();
  }
  /** Free what is buffered (on failure). */
  dispose() {
    for (const bytes of this.buffered.values()) this.budget.give(bytes.length);
    this.buffered.clear();
  }
  kick() {
    if (this.pumping || this.failure) return;
    if (!this.buffered.has(this.hashed) && this.writtenEnd(this.hashed) === void 0) return;
    this.pumping = this.pump().catch((error) => {
      this.failure = error;
    }).finally(() => {
      this.pumping = void 0;
      this.kick();
    });
  }
  async pump() {
    for (; ; ) {
      const bytes = this.buffered.get(this.hashed);
      if (bytes) {
        this.buffered.delete(this.hashed);
        this.budget.give(bytes.length);
        this.digest.update(bytes);
        this.hashed += bytes.length;
        continue;
      }
      const end = this.writtenEnd(this.hashed);
      if (end === void 0) return;
      const stop = Math.min(end, this.nextBufferedAfter(this.hashed) ?? end);
      const piece = Buffer.allocUnsafe(Math.min(READ_BACK_PIECE, stop - this.hashed));
      const { bytesRead } = await this.file.read(piece, 0, piece.length, this.hashed);
      if (bytesRead <= 0) throw new Error("internal: read back past the end of the partial file");
      this.digest.update(piece.subarray(0, bytesRead));
      this.hashed += bytesRead;
    }
  }
  markWritten(start, end) {
    const ranges = this.written.filter(([, e]) => e > this.hashed);
    ranges.push([start, end]);
    ranges.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const range of ranges) {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    this.written = merged;
  }
  writtenEnd(offset) {
    for (const [start, end] of this.written) if (start <= offset && offset < end) return end;
    return void 0;
  }
  nextBufferedAfter(offset) {
    let next;
    for (const key of this.buffered.keys())
      if (key > offset && (next === void 0 || key < next)) next = key;
    return next;
  }
};

// src/fetch/download-blob.ts
var DEFAULT_TUNING = {
  chunkSize: 32 * 1024 * 1024,
  rangeThreshold: 64 * 1024 * 1024,
  progressSaveMs: 1e3
};
function partialPaths(blobPath) {
  return { data: `${blobPath}.modelbake.incomplete`, record: `${blobPath}.modelbake.ranges.json` };
}
async function downloadBlob(job, ctx) {
  const maxIntegrityRetries = 2;
  let total = { downloadedBytes: 0, resumedBytes: 0 };
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await downloadOnce(job, ctx);
      return {
        downloadedBytes: total.downloadedBytes + result.downloadedBytes,
        resumedBytes: total.resumedBytes + result.resumedBytes
      };
    } catch (error) {
      if (!(error instanceof IntegrityError) || attempt >= maxIntegrityRetries) throw error;
      total = { downloadedBytes: total.downloadedBytes + error.downloadedBytes, resumedBytes: 0 };
      await discardPartial(job.blobPath);
    }
  }
}
var IntegrityError = class extends ModelbakeError {
  constructor(message, repo, downloadedBytes) {
    super(message, {
      repo,
      hint: "the Hub (or something between you and it) served bytes that do not match its own listing; retry later, and report it if it persists"
    });
    this.downloadedBytes = downloadedBytes;
  }
  downloadedBytes;
};
async function downloadOnce(job, ctx) {
  const { file } = job;
  const paths = partialPaths(job.blobPath);
  const resumed = await loadResumeRecord(paths, file);
  const handle = await mkdir5(dirname4(job.blobPath), { recursive: true }).then(() => open2(paths.data, resumed ? "r+" : "w+")).catch((error) => {
    throw cacheError(paths.data, error);
  });
  const hasher = new OrderedHasher(digestFor(file), handle, ctx.memory);
  const written = new RangeSet(resumed?.ranges ?? []);
  const resumedBytes = written.total();
  let downloadedBytes = 0;
  const saver = new RecordSaver(
    paths.record,
    etagOf(file),
    file.size,
    written,
    ctx.tuning.progressSaveMs
  );
  try {
    if (!resumed) await handle.truncate(file.size);
    for (const [start, end] of written.ranges) hasher.addWrittenRange(start, end);
    const source = new SourceUrl(job, ctx);
    const onData = (offset, bytes) => {
      hasher.add(offset, bytes);
      written.add(offset, offset + bytes.length);
      downloadedBytes += bytes.length;
      ctx.onBytes(bytes.length);
      saver.touch();
    };
    const missing = written.missingWithin(file.size);
    ctx.signal?.throwIfAborted();
    const chunks = splitRanges(
      missing,
      file.size > ctx.tuning.rangeThreshold ? ctx.tuning.chunkSize : Infinity
    );
    if (file.size === 0) chunks.push([0, 0]);
    const fileAbort = childController(ctx.signal);
    const chunkCtx = { ...ctx, signal: fileAbort.signal };
    await settleAll(
      chunks.map(
        ([start, end], index) => ctx.limiter.run(
          [job.order, index],
          () => fetchRange(job, chunkCtx, source, handle, start, end, onData)
        )
      ),
      fileAbort
    );
    const actual = await hasher.finish(file.size);
    if (actual !== expectedDigest(file)) {
      throw new IntegrityError(
        `${file.path}: ${file.lfs ? "sha256" : "git sha1"} mismatch (expected ${expectedDigest(file)}, got ${actual})`,
        repoLabel(job.ref),
        downloadedBytes
      );
    }
    await saver.stop();
    await handle.close();
    await rename5(paths.data, job.blobPath).catch((error) => {
      throw cacheError(job.blobPath, error);
    });
    await discardPartial(job.blobPath);
    return { downloadedBytes, resumedBytes };
  } catch (error) {
    hasher.dispose();
    await saver.stop(error instanceof IntegrityError ? "discard" : "save");
    await handle.close().catch(() => void 0);
    if (written.total() === 0 || error instanceof IntegrityError) await discardPartial(job.blobPath);
    const code = error.code;
    const diskError = code && code !== "ABORT_ERR" && !(error instanceof ModelbakeError) && !isTransient(error);
    throw diskError ? cacheError(paths.data, error) : error;
  }
}
function expectedDigest(file) {
  return file.lfs ? file.lfs.sha256 : file.blobId;
}
var SourceUrl = class {
  constructor(job, ctx) {
    this.job = job;
    this.ctx = ctx;
  }
  job;
  ctx;
  cdnUrl;
  get current() {
    return this.cdnUrl ?? this.job.url;
  }
  remember(finalUrl) {
    if (finalUrl !== this.job.url) this.cdnUrl = finalUrl;
  }
  /** A signed CDN URL expired: go back to the Hub for a fresh one. */
  forget() {
    this.cdnUrl = void 0;
  }
  get hasToken() {
    return this.ctx.hasToken;
  }
};
async function fetchRange(job, ctx, source, handle, start, end, onData) {
  let position = start;
  await ctx.http.withRetry(
    `${repoLabel(job.ref)}/${job.file.path}`,
    async () => {
      if (position >= end && end > start) return;
      ctx.signal?.throwIfAborted();
      const url = source.current;
      const headers = end > start ? { range: `bytes=${position}-${end - 1}` } : {};
      const response = await ctx.http.send({ url, headers, signal: ctx.signal });
      const body = response.body;
      try {
        if (response.status === 403 && url !== job.url) {
          source.forget();
          throw new TransientHttpError("signed download URL refused (expired?)", 403);
        }
        throwIfTransient(response);
        if (response.status !== 200 && response.status !== 206) {
          const text = await readText(body, 64 * 1024).catch(() => "");
          throw hubError(job.ref, "the pinned commit", response, text, ctx.hasToken, job.file.path);
        }
        source.remember(response.url);
        checkHeaders(job, response.status, response.headers, position, end);
        let skip = response.status === 200 ? position : 0;
        await streamToFile(body, handle, (bytes) => {
          if (skip > 0) {
            const dropped = Math.min(skip, bytes.length);
            skip -= dropped;
            bytes = bytes.subarray(dropped);
            if (bytes.length === 0) return void 0;
          }
          if (position + bytes.length > end) {
            throw new IntegrityError(
              `${job.file.path}: the server sent more bytes than the listing's size ${job.file.size}`,
              repoLabel(job.ref),
              0
            );
          }
          const offset = position;
          position += bytes.length;
          return { offset, bytes, after: () => onData(offset, bytes) };
        });
        if (position < end) {
          throw new TransientHttpError(
            `connection closed after ${position - start} of ${end - start} bytes of ${job.file.path}`
          );
        }
      } finally {
        if (!body.readableEnded) body.destroy();
      }
    },
    ctx.signal
  );
}
async function streamToFile(body, handle, place) {
  try {
    for await (const chunk of body) {
      const target = place(chunk);
      if (!target) continue;
      let done = 0;
      while (done < target.bytes.length) {
        const { bytesWritten } = await handle.write(
          target.bytes,
          done,
          target.bytes.length - done,
          target.offset + done
        );
        done += bytesWritten;
      }
      target.after();
    }
  } catch (error) {
    if (error instanceof ModelbakeError) throw error;
    const code = error.code;
    if (code === "ABORT_ERR" || error.name === "AbortError") throw error;
    if (code === "ENOSPC" || code === "EDQUOT" || code === "EROFS" || code === "EACCES") throw error;
    throw new TransientHttpError(`download interrupted (${code ?? error.message})`);
  }
}
function checkHeaders(job, status, headers, position, end) {
  const { file } = job;
  const repo = repoLabel(job.ref);
  const lie = (what) => new ModelbakeError(`${file.path}: ${what}`, {
    repo,
    hint: "the Hub disagrees with its own listing; retry, and report it if it persists"
  });
  const linkedSize = header(headers, "x-linked-size");
  if (linkedSize !== void 0 && Number(linkedSize) !== file.size) {
    throw lie(`the Hub says ${linkedSize} bytes, the listing ${file.size}`);
  }
  const etag = normalizeEtag(
    header(headers, "x-linked-etag") ?? (file.lfs ? void 0 : header(headers, "etag"))
  );
  if (etag !== void 0 && etag !== etagOf(file)) {
    throw lie(`the Hub names its content ${etag}, the listing ${etagOf(file)}`);
  }
  if (status === 206) {
    const range = /bytes (\d+)-(\d+)\/(\d+|\*)/.exec(header(headers, "content-range") ?? "");
    if (!range || Number(range[1]) !== position || range[3] !== "*" && Number(range[3]) !== file.size) {
      throw lie(
        `unexpected Content-Range "${header(headers, "content-range") ?? ""}" for bytes ${position}-${end - 1}`
      );
    }
  } else {
    const length = header(headers, "content-length");
    if (length !== void 0 && Number(length) !== file.size) {
      throw new IntegrityError(
        `${file.path}: the server sends ${length} bytes, the listing says ${file.size}`,
        repo,
        0
      );
    }
  }
}
function normalizeEtag(value) {
  if (value === void 0) return void 0;
  return value.replace(/^W\//, "").replace(/^"|"$/g, "");
}
async function loadResumeRecord(paths, file) {
  try {
    const record = JSON.parse(await readFile3(paths.record, "utf8"));
    const info = await stat6(paths.data);
    const valid = record.etag === etagOf(file) && record.size === file.size && info.size === file.size && Array.isArray(record.ranges) && record.ranges.every(
      ([s, e]) => Number.isSafeInteger(s) && Number.isSafeInteger(e) && 0 <= s && s <= e && e <= file.size
    );
    if (valid) return record;
  } catch {
  }
  await discardPartial(paths.data.replace(/\.modelbake\.incomplete$/, ""));
  return void 0;
}
async function discardPartial(blobPath) {
  const paths = partialPaths(blobPath);
  await rm5(paths.data, { force: true });
  await rm5(paths.record, { force: true });
  await rm5(`${paths.record}.tmp`, { force: true });
}
var RecordSaver = class {
  constructor(path, etag, size, ranges, intervalMs) {
    this.path = path;
    this.etag = etag;
    this.size = size;
    this.ranges = ranges;
    this.intervalMs = intervalMs;
  }
  path;
  etag;
  size;
  ranges;
  intervalMs;
  timer;
  saving = Promise.resolve();
  dirty = false;
  touch() {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = void 0;
      this.flush();
    }, this.intervalMs);
    this.timer.unref();
  }
  flush() {
    if (!this.dirty) return;
    this.dirty = false;
    const record = { etag: this.etag, size: this.size, ranges: this.ranges.ranges };
    this.saving = this.saving.then(async () => {
      await writeFile2(`${this.path}.tmp`, JSON.stringify(record));
      await rename5(`${this.path}.tmp`, this.path);
    }).catch(() => void 0);
  }
  async stop(mode = "done") {
    if (this.timer) clearTimeout(this.timer);
    this.timer = void 0;
    if (mode === "save") this.flush();
    await this.saving;
  }
};
var RangeSet = class {
  ranges;
  constructor(ranges) {
    this.ranges = [];
    for (const [s, e] of ranges) this.add(s, e);
  }
  add(start, end) {
    if (end <= start) return;
    const all = [...this.ranges, [start, end]].sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const [s, e] of all) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    this.ranges = merged;
  }
  total() {
    return this.ranges.reduce((sum, [s, e]) => sum + (e - s), 0);
  }
  missingWithin(size) {
    const gaps = [];
    let cursor = 0;
    for (const [s, e] of this.ranges) {
      if (s > cursor) gaps.push([cursor, s]);
      cursor = Math.max(cursor, e);
    }
    if (cursor < size) gaps.push([cursor, size]);
    return gaps;
  }
};
function splitRanges(ranges, size) {
  const pieces2 = [];
  for (const [start, end] of ranges) {
    for (let s = start; s < end; s = Math.min(end, s + size))
      pieces2.push([s, Math.min(end, s + size)]);
  }
  return pieces2;
}

// src/report/progress.ts
function createProgress(logger, options = {}) {
  const now = options.now ?? Date.now;
  const plainEveryMs = options.plainEveryMs ?? 1e4;
  let total = 0;
  let files = 0;
  let filesDone = 0;
  let done = 0;
  let startedAt = 0;
  let lastDraw = 0;
  let timer;
  const line = () => {
    const elapsed = Math.max(1e-3, (now() - startedAt) / 1e3);
    const rate = done / elapsed;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const percent = total > 0 ? Math.min(100, done / total * 100) : 100;
    return {
      percent,
      rate,
      eta,
      text: `${formatBytes(done)} / ${formatBytes(total)}, ${formatBytes(rate)}/s, ETA ${formatSeconds(eta)}, files ${filesDone}/${files}`
    };
  };
  const draw = () => {
    const { percent, text } = line();
    const width = 24;
    const filled = Math.round(percent / 100 * width);
    logger.write(
      `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${percent.toFixed(0).padStart(3)}% ${text}\x1B[K`
    );
  };
  return {
    start(totalBytes, totalFiles) {
      total = totalBytes;
      files = totalFiles;
      startedAt = now();
      lastDraw = startedAt;
      if (totalFiles > 0) logger.info(`Fetching ${totalFiles} file(s), ${formatBytes(totalBytes)}`);
      if (logger.tty && totalFiles > 0) {
        timer = setInterval(draw, 200);
        timer.unref();
      }
    },
    bytes(count) {
      done += count;
      if (!logger.tty && now() - lastDraw >= plainEveryMs) {
        lastDraw = now();
        logger.info(`  \u2026 ${line().percent.toFixed(0)}%: ${line().text}`);
      }
    },
    fileDone() {
      filesDone++;
    },
    finish() {
      if (timer) {
        clearInterval(timer);
        draw();
        logger.write("\n");
      }
      if (files > 0) {
        const seconds = Math.max(1e-3, (now() - startedAt) / 1e3);
        logger.info(
          `Fetched ${formatBytes(done)} in ${formatSeconds(seconds)} (${formatBytes(done / seconds)}/s)`
        );
      }
    }
  };
}

// src/pipeline/fetch.ts
async function missingBlobs(cache, plan) {
  const missing = [];
  const seen = /* @__PURE__ */ new Set();
  for (const file of plan.files) {
    const etag = etagOf(file);
    if (seen.has(etag)) continue;
    seen.add(etag);
    if (!await cache.hasBlob(plan.spec, file)) missing.push(file);
  }
  return missing;
}
async function fetchAll(plans, options) {
  const { cache, progress } = options;
  const now = options.now ?? Date.now;
  await cache.prepare();
  const todo = await Promise.all(plans.map((plan) => missingBlobs(cache, plan)));
  progress.start(
    todo.flat().reduce((sum, f) => sum + f.size, 0),
    todo.reduce((sum, files) => sum + files.length, 0)
  );
  const abort = childController(void 0);
  const download = { ...options.download, signal: abort.signal };
  let order = 0;
  try {
    return await settleAll(
      plans.map(async (plan, index) => {
        const started = now();
        const missing = todo[index];
        const results = await settleAll(
          missing.map((file) => fetchBlob(plan, file, order++, { ...options, download })),
          abort
        );
        const downloadedBytes = results.reduce((s, r) => s + r.downloadedBytes, 0);
        const resumedBytes = results.reduce((s, r) => s + r.resumedBytes, 0);
        await publishSnapshot(cache, plan);
        const fetchedSizes = missing.reduce((s, f) => s + f.size, 0);
        return {
          downloadedBytes,
          reusedBytes: Math.max(0, plan.totalBytes - fetchedSizes) + resumedBytes,
          seconds: (now() - started) / 1e3
        };
      }),
      abort
    );
  } catch (error) {
    await Promise.all(plans.map((plan) => cache.removeIfEmpty(plan.spec)));
    throw error;
  } finally {
    progress.finish();
  }
}
async function fetchBlob(plan, file, order, options) {
  const { cache } = options;
  options.download.signal?.throwIfAborted();
  const repo = plan.spec;
  const lock = await acquireLock(cache.lockPath(repo, etagOf(file)), {
    // Another process may finish this blob while we wait for its lock: then there is nothing to do.
    done: () => cache.hasBlob(repo, file),
    signal: options.download.signal
  });
  if (!lock) {
    options.progress.fileDone();
    return { downloadedBytes: 0, resumedBytes: 0 };
  }
  try {
    if (await cache.hasBlob(repo, file)) return { downloadedBytes: 0, resumedBytes: 0 };
    const result = await downloadBlob(
      {
        ref: repo,
        file,
        url: resolveUrl(options.endpoint, repo, plan.commit, file.path),
        blobPath: cache.blobPath(repo, etagOf(file)),
        order
      },
      options.download
    );
    options.progress.fileDone();
    return result;
  } finally {
    await lock.release();
  }
}
async function publishSnapshot(cache, plan) {
  const repo = plan.spec;
  for (const file of plan.files) {
    if (!await cache.isLinked(repo, plan.commit, file)) await cache.link(repo, plan.commit, file);
  }
  if (plan.allFiles && plan.listingFetched)
    await cache.writeTreeListing(repo, plan.commit, plan.allFiles);
  await cache.writeRef(repo, plan.spec.revision, plan.commit);
}

// src/pipeline/lock.ts
import { readFile as readFile4 } from "node:fs/promises";

// src/core/lockfile.ts
var LOCK_VERSION = 1;
function lockKey(entry) {
  return `${entry.label}:${entry.revision}`;
}
function lockedRepo(spec, label, commit, files, patterns) {
  return {
    label,
    repo: spec.repo,
    type: spec.type,
    revision: spec.revision,
    commit,
    ...patterns.allow ? { allow: patterns.allow } : {},
    ...patterns.ignore ? { ignore: patterns.ignore } : {},
    files: [...files].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0).map((f) => ({
      path: f.path,
      size: f.size,
      blobId: f.blobId,
      ...f.lfs ? { sha256: f.lfs.sha256 } : {}
    }))
  };
}
function serializeLock(repos) {
  const sorted = [...repos].sort(
    (a, b) => lockKey(a) < lockKey(b) ? -1 : lockKey(a) > lockKey(b) ? 1 : 0
  );
  return `${JSON.stringify({ version: LOCK_VERSION, repos: sorted }, null, 2)}
`;
}
function parseLock(text, source) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${source} is not valid JSON`, {
      hint: "restore it from version control, or delete it and run with --lock to write it again"
    });
  }
  const lock = data;
  if (lock.version !== LOCK_VERSION || !Array.isArray(lock.repos)) {
    throw new UsageError(`${source} is not a modelbake lock file of version ${LOCK_VERSION}`, {
      hint: "write it again with --lock"
    });
  }
  for (const [i, repo] of lock.repos.entries()) {
    const valid = repo && typeof repo.label === "string" && typeof repo.repo === "string" && typeof repo.revision === "string" && typeof repo.commit === "string" && COMMIT_RE.test(repo.commit) && Array.isArray(repo.files) && repo.files.every(
      (f) => f && typeof f.path === "string" && Number.isSafeInteger(f.size) && typeof f.blobId === "string" && (f.sha256 === void 0 || /^[0-9a-f]{64}$/.test(f.sha256))
    );
    if (!valid) {
      throw new UsageError(`${source}: entry ${i + 1} is malformed`, {
        hint: "write the lock again with --lock"
      });
    }
  }
  return lock;
}
function lockDrift(locked, found) {
  const lines = [];
  if (locked.commit !== found.commit)
    lines.push(`commit: locked ${locked.commit}, now ${found.commit}`);
  const patterns = (r) => JSON.stringify({ allow: r.allow ?? null, ignore: r.ignore ?? null });
  if (patterns(locked) !== patterns(found))
    lines.push(`patterns: locked ${patterns(locked)}, now ${patterns(found)}`);
  const before = new Map(locked.files.map((f) => [f.path, f]));
  const after = new Map(found.files.map((f) => [f.path, f]));
  for (const [path, file] of before) {
    const now = after.get(path);
    if (!now) lines.push(`- ${path} (${file.size} bytes) is no longer selected`);
    else if (now.size !== file.size || now.blobId !== file.blobId || now.sha256 !== file.sha256) {
      lines.push(`~ ${path}: locked ${digestText(file)}, now ${digestText(now)}`);
    }
  }
  for (const [path, file] of after)
    if (!before.has(path)) lines.push(`+ ${path} (${file.size} bytes) is new`);
  return lines;
}
function digestText(file) {
  return `${file.size} bytes ${file.sha256 ? `sha256 ${file.sha256.slice(0, 12)}` : `git ${file.blobId.slice(0, 12)}`}`;
}

// src/pipeline/lock.ts
async function readLock(path) {
  let text;
  try {
    text = await readFile4(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read the lock file ${path} (${error.code ?? "error"})`,
      {
        hint: "run once with --lock (without --locked) to write it"
      }
    );
  }
  return new Map(parseLock(text, path).repos.map((entry) => [lockKey(entry), entry]));
}
function checkSpecsAgainstLock(specs, lock, path) {
  const requested = new Set(
    specs.map((spec) => lockKey({ label: repoLabel(spec), revision: spec.revision }))
  );
  const missing = [...requested].filter((key) => !lock.has(key));
  const extra = [...lock.keys()].filter((key) => !requested.has(key));
  if (missing.length === 0 && extra.length === 0) return;
  const lines = [
    ...missing.map((key) => `+ ${key} (requested, not in the lock)`),
    ...extra.map((key) => `- ${key} (in the lock, not requested)`)
  ];
  throw new ModelbakeError(`the specs disagree with ${path}:
  ${lines.join("\n  ")}`, {
    hint: "update the lock with --lock (without --locked), review the change, and commit it"
  });
}
function lockEntryOf(plan) {
  return lockedRepo(plan.spec, plan.label, plan.commit, plan.files, {
    allow: plan.allow,
    ignore: plan.ignore
  });
}
function checkPlansAgainstLock(plans, lock, path) {
  const problems = [];
  for (const plan of plans) {
    const key = lockKey({ label: plan.label, revision: plan.spec.revision });
    const drift = lockDrift(lock.get(key), lockEntryOf(plan));
    if (drift.length > 0) problems.push(`${key}:
    ${drift.join("\n    ")}`);
  }
  if (problems.length === 0) return;
  throw new ModelbakeError(`drift from ${path}:
  ${problems.join("\n  ")}`, {
    hint: "if the change is intended, update the lock with --lock (without --locked) and commit it; otherwise pin the old commit"
  });
}
async function writeLock(path, plans) {
  await atomicWrite(path, serializeLock(plans.map(lockEntryOf)));
}

// src/pipeline/plan.ts
async function planAll(specs, options) {
  const plans = new Array(specs.length);
  let next = 0;
  let failure;
  const worker = async () => {
    while (next < specs.length && !failure) {
      const index = next++;
      try {
        plans[index] = options.api ? await planOnline(specs[index], options.api, options) : await planOffline(specs[index], options);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 4, specs.length) }, worker)
  );
  if (failure) throw failure.error;
  return plans;
}
async function planOnline(spec, api, options) {
  const commit = options.pinnedCommit?.(spec) ?? await api.resolveRevision(spec, spec.revision);
  const cached = await options.cache.readTreeListing(spec, commit);
  const allFiles = cached ?? await api.listFiles(spec, commit);
  return finishPlan(spec, commit, allFiles, options, cached === void 0);
}
function finishPlan(spec, commit, allFiles, options, listingFetched) {
  const label = repoLabel(spec);
  for (const file of allFiles) assertSafeRepoPath(file.path, label);
  const plan = planRepo({
    spec,
    commit,
    files: allFiles,
    allow: options.allow,
    ignore: options.ignore
  });
  return {
    spec,
    label,
    commit,
    files: plan.files,
    allFiles,
    totalBytes: plan.totalBytes,
    allow: spec.allow ?? options.allow,
    ignore: spec.ignore ?? options.ignore,
    listingFetched
  };
}
async function planOffline(spec, options) {
  const label = repoLabel(spec);
  const { cache } = options;
  const commit = COMMIT_RE.test(spec.revision) ? spec.revision : options.pinnedCommit?.(spec) ?? await cache.readRef(spec, spec.revision);
  if (!commit) {
    throw new ModelbakeError(`offline, and the cache has no ref for revision "${spec.revision}"`, {
      repo: label,
      hint: `run once with network access, or pass the full commit; cache: ${cache.root}`
    });
  }
  const listing = await cache.readTreeListing(spec, commit);
  if (listing) {
    const plan = finishPlan(spec, commit, listing, options, false);
    const missing = [];
    for (const file of plan.files)
      if (!await cache.isLinked(spec, commit, file) || !await cache.hasBlob(spec, file))
        missing.push(file.path);
    if (missing.length > 0) throw offlineMissing(label, commit, missing);
    return plan;
  }
  const present = await cache.listSnapshot(spec, commit);
  if (present.length === 0) {
    throw new ModelbakeError(`offline, and the cache has no snapshot of commit ${commit}`, {
      repo: label,
      hint: `run once with network access to download it into ${cache.root}`
    });
  }
  const allow = spec.allow ?? options.allow;
  const ignore = spec.ignore ?? options.ignore;
  const selected = new Set(
    filterRepoPaths(
      present.map((f) => f.path),
      allow,
      ignore
    )
  );
  const files = present.filter((f) => selected.has(f.path)).map((f) => ({ path: f.path, size: f.size, blobId: "" }));
  if (files.length === 0) {
    throw new ModelbakeError(
      `offline, and no cached file of commit ${commit} matches the patterns`,
      {
        repo: label,
        hint: "run once with network access, or change --allow/--ignore"
      }
    );
  }
  return {
    spec,
    label,
    commit,
    files,
    totalBytes: files.reduce((s, f) => s + f.size, 0),
    allow,
    ignore,
    listingFetched: false
  };
}
function offlineMissing(label, commit, missing) {
  const shown = missing.slice(0, 5).join(", ") + (missing.length > 5 ? `, \u2026 (${missing.length - 5} more)` : "");
  return new ModelbakeError(
    `offline, and the cached snapshot of ${commit} lacks ${missing.length} file(s): ${shown}`,
    {
      repo: label,
      hint: "run once with network access to complete it"
    }
  );
}

// src/pipeline/run.ts
async function run(options, deps) {
  const { logger } = deps;
  const now = deps.now ?? Date.now;
  const cache = new HfCache(options.cacheDir);
  const http3 = options.offline ? void 0 : new HttpClient({
    trustedOrigin: options.endpoint,
    token: options.token,
    userAgent: `modelbake/${VERSION}`,
    retry: options.retry,
    onRetry: ({ url, attempt, delayMs, reason }) => logger.info(
      `  retrying ${url} in ${formatSeconds(delayMs / 1e3)} (attempt ${attempt}: ${reason})`
    )
  });
  try {
    const api = http3 ? new HubApi(options.endpoint, http3, Boolean(options.token)) : void 0;
    const lock = options.lock?.locked ? await readLock(options.lock.path) : void 0;
    if (lock) checkSpecsAgainstLock(options.specs, lock, options.lock.path);
    const plans = await planAll(options.specs, {
      cache,
      api,
      allow: options.allow,
      ignore: options.ignore,
      pinnedCommit: lock && ((spec) => lock.get(lockKey({ label: repoLabel(spec), revision: spec.revision }))?.commit)
    });
    if (lock) checkPlansAgainstLock(plans, lock, options.lock.path);
    if (options.dryRun)
      return {
        repos: await dryRunResults(cache, plans),
        destinations: [],
        dryRun: true,
        offline: options.offline,
        cacheDir: cache.root
      };
    const restores = /* @__PURE__ */ new Map();
    for (const destination of options.destinations ?? []) {
      if (destination.restore)
        restores.set(destination, await destination.restore({ cache, plans, logger }));
    }
    let stats = plans.map(() => ({ downloadedBytes: 0, reusedBytes: 0, seconds: 0 }));
    if (http3) {
      const progress = deps.progress ?? createProgress(logger);
      stats = await fetchAll(plans, {
        cache,
        endpoint: options.endpoint,
        progress,
        now,
        download: {
          http: http3,
          limiter: new Limiter(options.concurrency),
          memory: new MemoryBudget(options.memoryBudget ?? 128 * 1024 * 1024),
          tuning: { ...DEFAULT_TUNING, ...options.tuning },
          hasToken: Boolean(options.token),
          onBytes: (n) => progress.bytes(n)
        }
      });
    }
    const repos = plans.map((plan, i) => toResult(cache, plan, stats[i]));
    for (const repo of repos) {
      logger.info(
        `${repo.label}@${repo.revision} \u2192 ${repo.commit.slice(0, 12)}: ${repo.files} files, ${formatBytes(repo.bytes)} (downloaded ${formatBytes(repo.downloadedBytes)}) \u2192 ${repo.snapshotPath}`
      );
    }
    const destinations = [];
    for (const destination of options.destinations ?? []) {
      const report = await destination.publish({ cache, repos, logger });
      const restore = restores.get(destination);
      destinations.push(restore ? { ...report, restore } : report);
    }
    if (options.lock && !options.lock.locked) await writeLock(options.lock.path, plans);
    return {
      repos,
      destinations,
      dryRun: false,
      offline: options.offline,
      cacheDir: cache.root,
      ...options.lock ? { lockFile: options.lock.path } : {}
    };
  } finally {
    http3?.close();
  }
}
function toResult(cache, plan, stats) {
  return {
    label: plan.label,
    repo: plan.spec.repo,
    type: plan.spec.type,
    revision: plan.spec.revision,
    commit: plan.commit,
    snapshotPath: cache.snapshotDir(plan.spec, plan.commit),
    files: plan.files.length,
    bytes: plan.totalBytes,
    downloadedBytes: stats.downloadedBytes,
    reusedBytes: stats.reusedBytes,
    seconds: stats.seconds,
    paths: plan.files.map((f) => f.path),
    selected: plan.files,
    allow: plan.allow,
    ignore: plan.ignore
  };
}
async function dryRunResults(cache, plans) {
  return Promise.all(
    plans.map(async (plan) => {
      const missing = await missingBlobs(cache, plan);
      const toFetch = missing.reduce((sum, f) => sum + f.size, 0);
      return toResult(cache, plan, {
        downloadedBytes: 0,
        reusedBytes: plan.totalBytes - toFetch,
        seconds: 0
      });
    })
  );
}

// src/cli/args.ts
import { parseArgs } from "node:util";
var DESTINATION_FLAGS = {
  prune: { type: "boolean" },
  "s3-endpoint": { type: "string" },
  "s3-region": { type: "string" },
  "s3-part-size": { type: "string" }
};
var OPTIONS = {
  ...DESTINATION_FLAGS,
  to: { type: "string", multiple: true },
  models: { type: "string", multiple: true },
  datasets: { type: "string", multiple: true },
  "spec-file": { type: "string", multiple: true },
  allow: { type: "string", multiple: true },
  ignore: { type: "string", multiple: true },
  "cache-dir": { type: "string" },
  endpoint: { type: "string" },
  token: { type: "string" },
  concurrency: { type: "string" },
  offline: { type: "boolean" },
  "dry-run": { type: "boolean" },
  lock: { type: "string" },
  locked: { type: "boolean" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" }
};
function parseCliArgs(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error.message.replace(/\. To specify a positional.*$/s, ""), {
      hint: "see `modelbake --help`"
    });
  }
  const { values, positionals } = parsed;
  const destinationOptions = {};
  for (const flag of Object.keys(DESTINATION_FLAGS)) {
    const value = values[flag];
    if (value !== void 0) destinationOptions[camelCase(flag)] = value;
  }
  return {
    destinationOptions,
    raw: {
      specs: positionals,
      models: values.models,
      datasets: values.datasets,
      allow: values.allow,
      ignore: values.ignore,
      cacheDir: values["cache-dir"],
      endpoint: values.endpoint,
      token: values.token,
      concurrency: values.concurrency,
      offline: values.offline,
      dryRun: values["dry-run"],
      lock: values.lock,
      locked: values.locked,
      to: values.to
    },
    specFilePaths: values["spec-file"] ?? [],
    json: Boolean(values.json),
    quiet: Boolean(values.quiet),
    help: Boolean(values.help),
    version: Boolean(values.version)
  };
}
function camelCase(flag) {
  return flag.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
}
var HELP = `modelbake \u2014 put Hugging Face Hub repos into a verified, offline-ready HF cache

Usage:
  modelbake [SPEC ...] [--models LIST] [--datasets LIST] [--allow PATTERN]... [--ignore PATTERN]...
            [--cache-dir DIR] [--endpoint URL] [--token TOKEN] [--concurrency N]
            [--offline] [--dry-run] [--json] [--quiet]
  modelbake pull s3://BUCKET/PREFIX [SPEC ...] [--cache-dir DIR]   (see modelbake pull --help)

Specs:
  org/name[:revision]            a model; revision = branch, tag, refs/pr/N or 40-hex commit (default main)
  datasets/org/name[:revision]   a dataset
  --models LIST, --datasets LIST comma- or newline-separated specs, or a YAML list of
                                 {repo, revision, type, allow, ignore}
  --spec-file FILE               a YAML list as above, or a Baseten truss config.yaml (model_cache)
  With no spec: RUNPOD_HUGGINGFACE_MODEL, HUGGINGFACE_MODEL(S), RUNPOD_HUGGINGFACE_DATASET,
  HUGGINGFACE_DATASET(S).

Options:
  --allow PATTERN      only files matching (fnmatch, as huggingface_hub: '*' crosses '/'; 'dir/' = all in dir)
  --ignore PATTERN     skip files matching (applied after --allow)
  --cache-dir DIR      default: HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub
  --endpoint URL       default: HF_ENDPOINT or https://huggingface.co
  --token TOKEN        default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, RUNPOD_HUGGINGFACE_TOKEN, $HF_HOME/token
  --concurrency N      parallel downloads (default 8)
  --offline            use the cache only, no network (also HF_HUB_OFFLINE=1)
  --lock FILE          write the resolved commits, patterns and file digests to FILE
  --locked             use the commits in the lock (default modelbake.lock.json) with no resolution
                       call, and fail with a diff on any drift from it
  --to DEST            also publish the warm snapshots there (repeatable)
                         volume:DIR          a mounted volume's hub cache (RunPod, PVC, NFS), same layout
                         s3://BUCKET/PREFIX  S3-compatible storage; workers rebuild with modelbake pull
  --prune              volume: remove revisions and blobs of these repos that the specs no longer name
  --s3-endpoint URL    default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS (custom: path-style)
  --s3-region REGION   default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, us-east-1
  --s3-part-size SIZE  multipart above this size, parts of this size (default 64MiB; 5MiB-5GiB)
  --dry-run            resolve and list what would be fetched; download nothing
  --json               print a JSON report on stdout
  -q, --quiet          no progress output
  -h, --help           this help
  -V, --version        the version

Other commands:
  modelbake verify [--lock FILE] [SPEC...] [--cache-dir DIR]   re-hash a cache (see verify --help)
  modelbake resolve SPEC... [--json]                           print the commit of each spec

Exit status: 0 success, 1 a run failed (network, Hub, disk), 2 bad input.
`;

// src/cli/subcommand.ts
import { parseArgs as parseArgs2 } from "node:util";
function parseSubcommandArgs(command, argv, options) {
  try {
    return parseArgs2({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error.message.replace(/\. To specify a positional.*$/s, ""), {
      hint: `see \`modelbake ${command} --help\``
    });
  }
}
function reportFailure(io, error, secrets = []) {
  createLogger(io.stderr, { secrets }).write(`modelbake: error: ${formatError(error)}
`);
  return error instanceof ModelbakeError ? error.exitCode : EXIT_FAILURE;
}

// src/cli/resolve.ts
var RESOLVE_HELP = `Usage: modelbake resolve SPEC... [--models LIST] [--datasets LIST] [--endpoint URL] [--token TOKEN] [--json]

Prints the commit each branch, tag or PR ref points at, one line per spec ("org/name:main <commit>"),
or with --json: {"repos": [{"repo", "type", "revision", "commit", "label"}]}. Downloads nothing.
`;
async function runResolve(argv, io, readTokenFile2) {
  let secrets = [];
  try {
    const { values, positionals } = parseSubcommandArgs("resolve", argv, {
      models: { type: "string", multiple: true },
      datasets: { type: "string", multiple: true },
      endpoint: { type: "string" },
      token: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    });
    if (values.help) {
      io.stdout.write(RESOLVE_HELP);
      return 0;
    }
    const specs = collectSpecs(
      { specs: positionals, models: values.models, datasets: values.datasets },
      io.env
    );
    const endpoint = parseEndpoint2(
      values.endpoint ?? io.env.HF_ENDPOINT ?? "https://huggingface.co"
    );
    const token = resolveToken(values.token, { env: io.env, readTokenFile: readTokenFile2 });
    secrets = token ? [token] : [];
    const http3 = new HttpClient({
      trustedOrigin: endpoint,
      token,
      userAgent: `modelbake/${VERSION}`
    });
    try {
      const api = new HubApi(endpoint, http3, Boolean(token));
      const repos = await Promise.all(
        specs.map(async (spec) => ({
          repo: spec.repo,
          type: spec.type,
          revision: spec.revision,
          commit: await api.resolveRevision(spec, spec.revision),
          label: repoLabel(spec)
        }))
      );
      if (values.json) io.stdout.write(`${JSON.stringify({ repos }, null, 2)}
`);
      else for (const r of repos) io.stdout.write(`${r.label}:${r.revision} ${r.commit}
`);
      return 0;
    } finally {
      http3.close();
    }
  } catch (error) {
    return reportFailure(io, error, secrets);
  }
}

// src/cli/verify.ts
import { readdir as readdir4 } from "node:fs/promises";
import { join as join5 } from "node:path";

// src/pipeline/verify.ts
import { createReadStream as createReadStream4 } from "node:fs";
import { lstat as lstat4, readlink as readlink4, stat as stat7 } from "node:fs/promises";
async function verifyCache(cache, targets) {
  const repos = [];
  for (const target of targets) repos.push(await verifyRepo(cache, target));
  const ok = repos.every(
    (r) => r.missing.length === 0 && r.corrupted.length === 0 && r.extra.length === 0
  );
  return { ok, repos };
}
async function verifyRepo(cache, target) {
  const { spec, commit } = target;
  const result = {
    label: target.label,
    revision: spec.revision,
    commit,
    snapshotPath: cache.snapshotDir(spec, commit),
    verified: 0,
    missing: [],
    corrupted: [],
    extra: []
  };
  const present = new Map((await cache.listSnapshot(spec, commit)).map((f) => [f.path, f]));
  for (const file of target.expected) {
    const path = cache.snapshotFile(spec, commit, file.path);
    const info = await lstat4(path).catch(() => void 0);
    if (!info) {
      if (target.requireAll) result.missing.push(file.path);
      continue;
    }
    const problem = await checkFile(path, file, info.isSymbolicLink());
    if (problem) result.corrupted.push({ path: file.path, reason: problem });
    else result.verified++;
  }
  const known = new Set((target.listing ?? target.expected).map((f) => f.path));
  for (const path of present.keys()) if (!known.has(path)) result.extra.push(path);
  return result;
}
async function checkFile(path, file, isLink) {
  if (isLink) {
    const target = await readlink4(path);
    const expected = relativeLinkTarget(file.path, etagOf(file));
    if (target !== expected) return `links to ${target}, not ${expected}`;
  }
  const info = await stat7(path).catch(() => void 0);
  if (!info) return "its blob is missing";
  if (info.size !== file.size) return `${info.size} bytes, expected ${file.size}`;
  const digest = digestFor(file);
  for await (const chunk of createReadStream4(path, { highWaterMark: 4 * 1024 * 1024 }))
    digest.update(chunk);
  const actual = digest.hex();
  return actual === digest.expected ? void 0 : `${digest.algorithm} ${actual}, expected ${digest.expected}`;
}

// src/cli/verify.ts
var VERIFY_HELP = `Usage: modelbake verify [--lock FILE] [SPEC...] [--allow P]... [--ignore P]...
                        [--cache-dir DIR | --to volume:DIR] [--json]

Re-hashes every file of the snapshots (sha256 for LFS files, git blob sha1 for the others) and compares
it with the lock file, or with the commit's stored tree listing (trees/<commit>.json). Reports missing,
corrupted and extra files; exits 1 on any mismatch.
  With --lock: the lock's repos (or those of the SPECs), every locked file must be present.
  With SPECs: their files selected by --allow/--ignore must be present.
  With neither: every snapshot in the cache; the files present are checked.
`;
async function runVerify(argv, io) {
  try {
    const { values, positionals } = parseSubcommandArgs("verify", argv, {
      lock: { type: "string" },
      "cache-dir": { type: "string" },
      to: { type: "string" },
      allow: { type: "string", multiple: true },
      ignore: { type: "string", multiple: true },
      models: { type: "string", multiple: true },
      datasets: { type: "string", multiple: true },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    });
    if (values.help) {
      io.stdout.write(VERIFY_HELP);
      return 0;
    }
    const cache = new HfCache(cacheRoot(values["cache-dir"], values.to, io.env));
    const hasSpecs = positionals.length > 0 || values.models || values.datasets;
    const specs = hasSpecs ? collectSpecs(
      { specs: positionals, models: values.models, datasets: values.datasets },
      io.env
    ) : [];
    const targets = values.lock ? await targetsFromLock(await readLock(values.lock), specs) : specs.length > 0 ? await targetsFromSpecs(cache, specs, values.allow, values.ignore) : await targetsFromCache(cache);
    const report = await verifyCache(cache, targets);
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}
`);
    printReport(report, (line) => io.stderr.write(`${line}
`));
    return report.ok ? 0 : 1;
  } catch (error) {
    return reportFailure(io, error);
  }
}
function cacheRoot(flag, to, env) {
  if (flag && to) throw new UsageError("give --cache-dir or --to, not both");
  if (to) {
    if (!to.startsWith("volume:") || to.length === "volume:".length) {
      throw new UsageError(`verify reads cache folders and volume: destinations, not "${to}"`, {
        hint: "for s3:// run `modelbake pull` into a cache, then verify that cache"
      });
    }
    return to.slice("volume:".length);
  }
  return resolveCacheDir(flag, env);
}
async function targetsFromLock(lock, specs) {
  const wanted = specs.map((spec) => lockKey({ label: repoLabel(spec), revision: spec.revision }));
  for (const key of wanted) {
    if (!lock.has(key))
      throw new UsageError(`${key} is not in the lock file`, {
        hint: "name a locked repo, or none to verify them all"
      });
  }
  const entries = wanted.length > 0 ? wanted.map((key) => lock.get(key)) : [...lock.values()];
  return entries.map((entry) => ({
    spec: { repo: entry.repo, type: entry.type, revision: entry.revision },
    label: entry.label,
    commit: entry.commit,
    expected: entry.files.map((f) => ({
      path: f.path,
      size: f.size,
      blobId: f.blobId,
      ...f.sha256 ? { lfs: { sha256: f.sha256, size: f.size } } : {}
    })),
    requireAll: true
  }));
}
async function targetsFromSpecs(cache, specs, allow, ignore) {
  return Promise.all(
    specs.map(async (spec) => {
      const label = repoLabel(spec);
      const commit = COMMIT_RE.test(spec.revision) ? spec.revision : await cache.readRef(spec, spec.revision);
      if (!commit)
        throw new ModelbakeError(`the cache has no ref for revision "${spec.revision}"`, {
          repo: label,
          hint: `is ${cache.root} the right cache?`
        });
      const listing = await listingOf(cache, spec, label, commit);
      const selected = new Set(
        filterRepoPaths(
          listing.map((f) => f.path),
          spec.allow ?? allow,
          spec.ignore ?? ignore
        )
      );
      return {
        spec,
        label,
        commit,
        expected: listing.filter((f) => selected.has(f.path)),
        listing,
        requireAll: true
      };
    })
  );
}
async function targetsFromCache(cache) {
  const targets = [];
  const folders = await readdir4(cache.root).catch(() => {
    throw new UsageError(`no cache at ${cache.root}`, { hint: "pass --cache-dir" });
  });
  for (const folder of folders.sort()) {
    const match = /^(models|datasets|spaces)--(.+)$/.exec(folder);
    if (!match) continue;
    const type = { models: "model", datasets: "dataset", spaces: "space" }[match[1]];
    const spec = { repo: match[2].split("--").join("/"), type, revision: "" };
    for (const commit of (await readdir4(join5(cache.root, folder, "snapshots")).catch(() => [])).sort()) {
      const label = repoLabel(spec);
      const listing = await listingOf(cache, { ...spec, revision: commit }, label, commit);
      const present = new Set((await cache.listSnapshot(spec, commit)).map((f) => f.path));
      targets.push({
        spec: { ...spec, revision: commit },
        label,
        commit,
        expected: listing.filter((f) => present.has(f.path)),
        listing,
        requireAll: false
      });
    }
  }
  if (targets.length === 0)
    throw new UsageError(`no snapshot to verify in ${cache.root}`, {
      hint: "pass --cache-dir, or warm it first"
    });
  return targets;
}
async function listingOf(cache, spec, label, commit) {
  const listing = await cache.readTreeListing(spec, commit);
  if (!listing) {
    throw new ModelbakeError(`no stored listing (trees/${commit}.json) to verify against`, {
      repo: label,
      hint: "verify against a lock file (--lock), or warm the repo again with modelbake"
    });
  }
  return listing;
}
function printReport(report, print) {
  for (const repo of report.repos) {
    const problems = repo.missing.length + repo.corrupted.length + repo.extra.length;
    print(
      `${repo.label}@${repo.revision} \u2192 ${repo.commit.slice(0, 12)}: ${repo.verified} verified` + (problems ? `, ${repo.missing.length} missing, ${repo.corrupted.length} corrupted, ${repo.extra.length} extra` : "")
    );
    for (const path of repo.missing) print(`  missing    ${path}`);
    for (const { path, reason } of repo.corrupted) print(`  corrupted  ${path}: ${reason}`);
    for (const path of repo.extra) print(`  extra      ${path}`);
  }
  print(report.ok ? "OK: every file verifies." : "FAILED: the cache does not match.");
}

// src/cli/pull.ts
import { parseArgs as parseArgs3 } from "node:util";

// src/destinations/s3/pull.ts
import { randomBytes as randomBytes5 } from "node:crypto";
import { mkdir as mkdir6, rename as rename6, rm as rm6, writeFile as writeFile3 } from "node:fs/promises";
import { dirname as dirname5 } from "node:path";
async function pullFromS3(options) {
  const { location, logger } = options;
  const http3 = s3HttpClient(options.config, logger, options.retry);
  const client = new S3Client({ config: options.config, location, http: http3 });
  const cache = new HfCache(options.cacheDir);
  const source = formatLocation(location);
  try {
    const targets = options.specs.length ? await Promise.all(options.specs.map((spec) => targetOf(client, spec, options))) : await everything(client, options.signal);
    if (targets.length === 0) {
      throw new ModelbakeError(`${source} holds no snapshot`, {
        hint: "publish one first: modelbake ORG/NAME --to " + source
      });
    }
    const selections = await Promise.all(targets.map((target) => selection(client, target)));
    await cache.prepare();
    const download = {
      http: http3,
      limiter: new Limiter(options.concurrency),
      memory: new MemoryBudget(128 * 1024 * 1024),
      tuning: DEFAULT_TUNING,
      hasToken: false,
      onBytes: () => void 0
    };
    const done = /* @__PURE__ */ new Set();
    const repos = [];
    let order = 0;
    for (const [index, target] of targets.entries()) {
      options.signal?.throwIfAborted();
      const { files, listing } = selections[index];
      const folder = repoFolderName(target.ref.type, target.ref.repo);
      const unique = files.filter((f) => !done.has(`${folder}/${etagOf(f)}`));
      for (const f of unique) done.add(`${folder}/${etagOf(f)}`);
      const abort = childController(options.signal);
      let next = 0;
      let downloadedBytes = 0;
      const worker = async () => {
        while (next < unique.length) {
          const file = unique[next++];
          abort.signal.throwIfAborted();
          const fetched = await fetchBlob2(client, cache, target, file, order++, {
            ...download,
            signal: abort.signal
          });
          downloadedBytes += fetched;
        }
      };
      await settleAll(
        Array.from({ length: Math.min(options.concurrency, unique.length) }, worker),
        abort
      );
      const bytes = files.reduce((s, f) => s + f.size, 0);
      const plan = (revision) => ({
        spec: { ...target.ref, revision },
        label: target.label,
        commit: target.commit,
        files,
        allFiles: listing,
        totalBytes: bytes,
        listingFetched: listing !== void 0
      });
      await publishSnapshot(cache, plan(target.commit));
      for (const revision of target.revisions) await publishSnapshot(cache, plan(revision));
      const uniqueBytes = unique.reduce((s, f) => s + f.size, 0);
      repos.push({
        label: target.label,
        repo: target.ref.repo,
        type: target.ref.type,
        revision: target.asked,
        commit: target.commit,
        snapshotPath: cache.snapshotDir(target.ref, target.commit),
        files: files.length,
        bytes,
        downloadedBytes,
        reusedBytes: uniqueBytes - downloadedBytes
      });
      logger.info(
        `${target.label}@${target.asked} \u2192 ${target.commit.slice(0, 12)}: ${files.length} files, ${formatBytes(bytes)} (from ${source}: ${formatBytes(downloadedBytes)}) \u2192 ${cache.snapshotDir(target.ref, target.commit)}`
      );
    }
    return {
      source,
      cacheDir: cache.root,
      repos,
      downloadedBytes: repos.reduce((s, r) => s + r.downloadedBytes, 0),
      reusedBytes: repos.reduce((s, r) => s + r.reusedBytes, 0)
    };
  } finally {
    http3.close();
    client.close();
  }
}
async function targetOf(client, spec, options) {
  const ref = { type: spec.type, repo: spec.repo };
  const label = repoLabel(ref);
  let commit = spec.revision;
  if (!COMMIT_RE.test(commit)) {
    const key = keys.ref(client.location, ref, spec.revision);
    const text = (await client.get(key, options.signal))?.toString("utf8").trim();
    if (text === void 0) {
      throw new ModelbakeError(
        `${formatLocation(client.location)} has no revision "${spec.revision}" of this repo`,
        {
          repo: label,
          hint: `publish it first: modelbake ${label}:${spec.revision} --to ${formatLocation(client.location)}`
        }
      );
    }
    if (!COMMIT_RE.test(text))
      throw new ModelbakeError(`${formatLocation(client.location, key)} is not a commit`, {
        repo: label,
        hint: "publish the revision again"
      });
    commit = text;
  }
  return {
    ref,
    label,
    commit,
    revisions: COMMIT_RE.test(spec.revision) ? [] : [spec.revision],
    asked: spec.revision,
    allow: spec.allow ?? options.allow,
    ignore: spec.ignore ?? options.ignore
  };
}
async function everything(client, signal) {
  const { location } = client;
  const root = location.prefix ? `${location.prefix}/` : "";
  const repos = /* @__PURE__ */ new Map();
  for await (const item of client.list(root, { signal })) {
    if (item.key === void 0 || !item.key.startsWith(root)) continue;
    const [folder, kind, ...rest] = item.key.slice(root.length).split("/");
    if (kind !== "manifests" && kind !== "refs") continue;
    const ref = parseRepoFolder(folder);
    if (!ref) continue;
    const repo = repos.get(folder) ?? {
      ref,
      commits: /* @__PURE__ */ new Map(),
      refs: []
    };
    repos.set(folder, repo);
    const manifest = kind === "manifests" && rest.length === 1 && /^([0-9a-f]{40})\.json$/.exec(rest[0]);
    if (manifest) repo.commits.set(manifest[1], repo.commits.get(manifest[1]) ?? []);
    if (kind === "refs") repo.refs.push(rest.join("/"));
  }
  const targets = [];
  for (const { ref, commits, refs } of repos.values()) {
    for (const revision of refs) {
      if (validateRevision(revision) || COMMIT_RE.test(revision)) continue;
      const commit = (await client.get(keys.ref(location, ref, revision), signal))?.toString("utf8").trim();
      if (commit && commits.has(commit)) commits.get(commit).push(revision);
    }
    for (const [commit, revisions] of commits) {
      targets.push({
        ref,
        label: repoLabel(ref),
        commit,
        revisions: revisions.sort(),
        asked: revisions.includes("main") ? "main" : revisions[0] ?? commit
      });
    }
  }
  return targets;
}
async function selection(client, target) {
  const { location } = client;
  const where = formatLocation(location, keys.manifest(location, target.ref, target.commit));
  const text = await client.get(keys.manifest(location, target.ref, target.commit));
  if (!text) {
    throw new ModelbakeError(`${where} is missing`, {
      repo: target.label,
      hint: `publish the snapshot: modelbake ${target.label}:${target.commit} --to ${formatLocation(location)}`
    });
  }
  const manifest = parseManifest(
    text.toString("utf8"),
    { ...target.ref, commit: target.commit },
    where
  );
  const treeText = await client.get(keys.tree(location, target.ref, target.commit));
  const listing = treeText ? parseTreeListing(treeText.toString("utf8")) : void 0;
  if (target.allow === void 0 && target.ignore === void 0)
    return { files: manifest.files, listing };
  const published = new Map(manifest.files.map((f) => [f.path, f]));
  const wanted = filterRepoItems(
    listing ?? manifest.files,
    (f) => f.path,
    target.allow,
    target.ignore
  );
  const missing = wanted.filter((f) => published.get(f.path) === void 0);
  if (missing.length > 0) {
    throw new ModelbakeError(
      `${where} lacks ${missing.length} file(s) the patterns select: ${missing.slice(0, 5).map((f) => f.path).join(", ")}${missing.length > 5 ? ", \u2026" : ""}`,
      {
        repo: target.label,
        hint: "publish with the same (or wider) --allow/--ignore patterns, or pull with the ones it was published with"
      }
    );
  }
  if (wanted.length === 0) {
    throw new ModelbakeError(`no file of ${target.commit} matches the patterns`, {
      repo: target.label,
      hint: "change --allow/--ignore"
    });
  }
  return { files: wanted.map((f) => published.get(f.path)), listing };
}
async function fetchBlob2(client, cache, target, file, order, download) {
  const { ref } = target;
  const lock = await acquireLock(cache.lockPath(ref, etagOf(file)), {
    done: () => cache.hasBlob(ref, file),
    signal: download.signal
  });
  if (!lock) return 0;
  try {
    if (await cache.hasBlob(ref, file)) return 0;
    const key = keys.blob(client.location, ref, etagOf(file));
    const blobPath = cache.blobPath(ref, etagOf(file));
    if (!file.lfs) {
      await fetchSmallBlob(client, key, blobPath, file, target.label, download.signal);
      return file.size;
    }
    try {
      const result = await downloadBlob(
        { ref, file, url: client.presignGet(key), blobPath, order },
        download
      );
      return result.downloadedBytes;
    } catch (error) {
      if (error instanceof ModelbakeError && /HTTP 40\d/.test(error.message)) {
        const head = await client.head(key, download.signal);
        if (!head)
          throw new ModelbakeError(
            `${formatLocation(client.location, key)} is missing (${file.path})`,
            {
              repo: target.label,
              hint: "publish the snapshot again to upload its blobs"
            }
          );
      }
      throw error;
    }
  } finally {
    await lock.release();
  }
}
async function fetchSmallBlob(client, key, blobPath, file, label, signal) {
  const bytes = await client.get(key, signal);
  if (!bytes) {
    throw new ModelbakeError(`${formatLocation(client.location, key)} is missing (${file.path})`, {
      repo: label,
      hint: "publish the snapshot again to upload its blobs"
    });
  }
  const digest = digestFor(file);
  digest.update(bytes);
  const actual = digest.hex();
  if (bytes.length !== file.size || actual !== digest.expected) {
    throw new ModelbakeError(
      `${file.path}: ${formatLocation(client.location, key)} does not match its digest (expected ${digest.expected}, got ${actual}, ${bytes.length} bytes)`,
      { repo: label, hint: "the object was damaged or replaced: publish the snapshot again" }
    );
  }
  const temporary = `${blobPath}.${randomBytes5(4).toString("hex")}.modelbake.tmp`;
  try {
    await mkdir6(dirname5(blobPath), { recursive: true });
    await writeFile3(temporary, bytes);
    await rename6(temporary, blobPath);
  } catch (error) {
    await rm6(temporary, { force: true });
    throw cacheError(blobPath, error);
  }
}

// src/cli/pull.ts
var PULL_HELP = `modelbake pull \u2014 rebuild a verified HF cache from snapshots published to S3

Usage:
  modelbake pull s3://BUCKET/PREFIX [SPEC ...] [--models LIST] [--datasets LIST]
                 [--allow PATTERN]... [--ignore PATTERN]... [--cache-dir DIR]
                 [--s3-endpoint URL] [--s3-region REGION] [--concurrency N] [--json] [--quiet]

  SPEC is org/name[:revision] or datasets/org/name[:revision], as for modelbake itself. With no
  spec: RUNPOD_HUGGINGFACE_MODEL, HUGGINGFACE_MODEL(S), ... as for modelbake; with none of those
  either, every snapshot and ref under the prefix. Without --allow/--ignore, a snapshot is pulled as
  it was published; with them, every listed file they select must have been published.

  Every blob is checked against its digest before it gets its name; refs are written last.
  The cache folder defaults as for modelbake (HF_HUB_CACHE, HF_HOME, ~/.cache/huggingface/hub).
  S3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, AWS_REGION,
  AWS_ENDPOINT_URL (or --s3-endpoint; custom endpoints use path-style addressing). Without
  credentials, requests are anonymous (public buckets).

Example (a worker's start-up):
  modelbake pull s3://my-bucket/hf acme/model:main --cache-dir /root/.cache/huggingface/hub
`;
var OPTIONS2 = {
  models: { type: "string", multiple: true },
  datasets: { type: "string", multiple: true },
  allow: { type: "string", multiple: true },
  ignore: { type: "string", multiple: true },
  "cache-dir": { type: "string" },
  "s3-endpoint": { type: "string" },
  "s3-region": { type: "string" },
  concurrency: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" }
};
async function runPull(argv, io) {
  let secrets = [];
  try {
    let parsed;
    try {
      parsed = parseArgs3({ args: argv, options: OPTIONS2, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(error.message.replace(/\. To specify a positional.*$/s, ""), {
        hint: "see `modelbake pull --help`"
      });
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout.write(PULL_HELP);
      return 0;
    }
    const [source, ...specTexts] = positionals;
    if (!source || !source.startsWith("s3://")) {
      throw new UsageError("modelbake pull needs an s3://BUCKET/PREFIX to pull from", {
        hint: "e.g. modelbake pull s3://my-bucket/hf acme/model --cache-dir DIR"
      });
    }
    const location = parseS3Target(source.slice("s3://".length));
    const specs = pullSpecs(specTexts, values.models, values.datasets, io.env);
    const config = s3ConfigFrom({
      env: io.env,
      s3Endpoint: values["s3-endpoint"],
      s3Region: values["s3-region"]
    });
    secrets = [config.credentials?.secretAccessKey, config.credentials?.sessionToken].filter(
      (s) => Boolean(s)
    );
    const logger = createLogger(io.stderr, { quiet: values.quiet, secrets });
    const clean = (patterns) => {
      const kept = patterns?.map((p) => p.trim()).filter((p) => p !== "");
      return kept && kept.length > 0 ? kept : void 0;
    };
    const report = await pullFromS3({
      location,
      config,
      cacheDir: resolveCacheDir(values["cache-dir"]?.trim() || void 0, io.env),
      specs,
      allow: clean(values.allow),
      ignore: clean(values.ignore),
      concurrency: parseConcurrency(values.concurrency),
      retry: retryFrom(io.env),
      logger
    });
    logger.info(
      `pulled ${report.repos.length} snapshot(s) from ${report.source}: ${formatBytes(report.downloadedBytes)} downloaded, ${formatBytes(report.reusedBytes)} already in ${report.cacheDir}`
    );
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}
`);
    return 0;
  } catch (error) {
    createLogger(io.stderr, { secrets }).write(`modelbake: error: ${formatError(error)}
`);
    return error instanceof ModelbakeError ? error.exitCode : EXIT_FAILURE;
  }
}
function pullSpecs(texts, models, datasets, env) {
  const specs = texts.map(
    (text, i) => parseSpec(text.trim(), { source: `argument ${i + 2}` })
  );
  for (const text of models ?? [])
    specs.push(...parseSpecDocument(text, { type: "model", source: "models" }));
  for (const text of datasets ?? [])
    specs.push(...parseSpecDocument(text, { type: "dataset", source: "datasets" }));
  return specs.length > 0 ? mergeSpecs(specs) : specsFromEnv(env);
}

// src/cli/main.ts
async function runCli(argv, io) {
  if (argv[0] === "verify") return runVerify(argv.slice(1), io);
  if (argv[0] === "resolve") return runResolve(argv.slice(1), io, readTokenFile);
  if (argv[0] === "pull") return runPull(argv.slice(1), io);
  let secrets = [];
  const fail = (error) => {
    const logger = createLogger(io.stderr, { secrets });
    logger.write(`modelbake: error: ${formatError(error)}
`);
    return error instanceof ModelbakeError ? error.exitCode : EXIT_FAILURE;
  };
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (args.version) {
      io.stdout.write(`${VERSION}
`);
      return 0;
    }
    const specFiles = args.specFilePaths.map((name) => ({ name, text: readSpecFile(name) }));
    const options = buildRunOptions(
      { ...args.raw, specFiles, destinationOptions: args.destinationOptions },
      { env: io.env, readTokenFile }
    );
    secrets = options.token ? [options.token] : [];
    const logger = createLogger(io.stderr, { quiet: args.quiet, secrets });
    const report = await run(options, { logger });
    if (report.dryRun) printDryRun(report, logger.info);
    if (args.json) io.stdout.write(`${JSON.stringify(jsonReport(report), null, 2)}
`);
    return 0;
  } catch (error) {
    return fail(error);
  }
}
function printDryRun(report, print) {
  for (const repo of report.repos) {
    const toFetch = repo.bytes - repo.reusedBytes;
    print(`${repo.label}@${repo.revision} \u2192 ${repo.commit}`);
    print(
      `  ${repo.files} files, ${formatBytes(repo.bytes)}; would download ${formatBytes(toFetch)} into ${repo.snapshotPath}`
    );
    for (const path of repo.paths) print(`    ${path}`);
  }
}
function readSpecFile(name) {
  try {
    return readFileSync2(name, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read --spec-file ${name} (${error.code ?? "error"})`,
      {
        hint: "check the path"
      }
    );
  }
}
function readTokenFile(path) {
  try {
    return readFileSync2(path, "utf8");
  } catch {
    return void 0;
  }
}

// src/cli.ts
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr
});
