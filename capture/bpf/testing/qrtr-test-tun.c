// SPDX-License-Identifier: GPL-2.0
/* qrtr-test-tun: a QRTR endpoint driven from user space through
 * /dev/qrtr-test-tun, for the real-kernel test of qrtr-bpf-tap only
 * (tests/vm/scenario-bpf.sh). Debian builds neither qrtr-tun nor a transport
 * the test VM could use, and without an endpoint the kernel's QRTR never
 * takes its receive (qrtr_endpoint_post) and transmit (qrtr_node_enqueue ->
 * ep->xmit) paths. Like the kernel's own qrtr-tun: every open registers an
 * endpoint; write() hands one whole frame (header included) to
 * qrtr_endpoint_post, read() returns one frame the kernel transmitted.
 * Written against net/qrtr/qrtr.h of Linux 6.1, which is not among the
 * installed kernel headers, so its few declarations are repeated here. */
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

/* net/qrtr/qrtr.h */
struct qrtr_node;
struct qrtr_endpoint {
	int (*xmit)(struct qrtr_endpoint *ep, struct sk_buff *skb);
	struct qrtr_node *node;
};
#define QRTR_EP_NID_AUTO (-1)
int qrtr_endpoint_register(struct qrtr_endpoint *ep, unsigned int nid);
void qrtr_endpoint_unregister(struct qrtr_endpoint *ep);
int qrtr_endpoint_post(struct qrtr_endpoint *ep, const void *data, size_t len);

struct test_tun {
	struct qrtr_endpoint ep;
	struct sk_buff_head queue;
	wait_queue_head_t readq;
};

static int test_tun_send(struct qrtr_endpoint *ep, struct sk_buff *skb)
{
	struct test_tun *tun = container_of(ep, struct test_tun, ep);

	skb_queue_tail(&tun->queue, skb);
	wake_up_interruptible(&tun->readq);
	return 0;
}

static int test_tun_open(struct inode *inode, struct file *filp)
{
	struct test_tun *tun = kzalloc(sizeof(*tun), GFP_KERNEL);
	int rc;

	if (!tun)
		return -ENOMEM;
	skb_queue_head_init(&tun->queue);
	init_waitqueue_head(&tun->readq);
	tun->ep.xmit = test_tun_send;
	filp->private_data = tun;
	rc = qrtr_endpoint_register(&tun->ep, QRTR_EP_NID_AUTO);
	if (rc) {
		kfree(tun);
		filp->private_data = NULL;
	}
	return rc;
}

static ssize_t test_tun_read(struct file *filp, char __user *buf, size_t len, loff_t *off)
{
	struct test_tun *tun = filp->private_data;
	struct sk_buff *skb;
	ssize_t n;

	while (!(skb = skb_dequeue(&tun->queue))) {
		if (filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(tun->readq, !skb_queue_empty(&tun->queue)))
			return -ERESTARTSYS;
	}
	n = min_t(size_t, len, skb->len);
	if (copy_to_user(buf, skb->data, n))
		n = -EFAULT;
	kfree_skb(skb);
	return n;
}

static ssize_t test_tun_write(struct file *filp, const char __user *buf, size_t len, loff_t *off)
{
	struct test_tun *tun = filp->private_data;
	void *kbuf;
	int rc;

	if (!len || len > 65536 + 64)
		return -EINVAL;
	kbuf = memdup_user(buf, len);
	if (IS_ERR(kbuf))
		return PTR_ERR(kbuf);
	rc = qrtr_endpoint_post(&tun->ep, kbuf, len);
	kfree(kbuf);
	return rc < 0 ? rc : len;
}

static __poll_t test_tun_poll(struct file *filp, poll_table *wait)
{
	struct test_tun *tun = filp->private_data;

	poll_wait(filp, &tun->readq, wait);
	return EPOLLOUT | (skb_queue_empty(&tun->queue) ? 0 : EPOLLIN | EPOLLRDNORM);
}

static int test_tun_release(struct inode *inode, struct file *filp)
{
	struct test_tun *tun = filp->private_data;

	qrtr_endpoint_unregister(&tun->ep);
	skb_queue_purge(&tun->queue);
	kfree(tun);
	return 0;
}

static const struct file_operations test_tun_ops = {
	.owner = THIS_MODULE,
	.open = test_tun_open,
	.read = test_tun_read,
	.write = test_tun_write,
	.poll = test_tun_poll,
	.release = test_tun_release,
	.llseek = noop_llseek, /* no_llseek is gone in 6.12 */
};

static struct miscdevice test_tun_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "qrtr-test-tun",
	.fops = &test_tun_ops,
};

module_misc_device(test_tun_dev);

MODULE_DESCRIPTION("QRTR endpoint driven from user space, for testing qrtr-bpf-tap");
MODULE_LICENSE("GPL");
