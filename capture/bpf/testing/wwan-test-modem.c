// SPDX-License-Identifier: GPL-2.0
/* wwan-test-modem: a WWAN QMI port backed by user space, for the real-kernel
 * tests of the WWAN tap and the bridge only (tests/vm/scenario-wwan.sh).
 * Debian's kernels have no WWAN device a VM could use (no MHI modem, no
 * wwan_hwsim on arm64), and without a port the WWAN core's receive
 * (wwan_port_rx) and write (wwan_port_fops_write -> port->ops->tx) paths are
 * never taken. Loading it registers one port of type WWAN_PORT_QMI through
 * the real WWAN core, so the kernel creates /dev/wwanNqmi0 for the clients;
 * its other side is /dev/wwan-test-modem (a misc device): read() returns one
 * frame a client wrote to the port (what the port's tx got), write() hands one
 * frame to wwan_port_rx, as a modem's answer. The misc device is also the
 * port's parent, so sysfs shows the port under it. */
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/skbuff.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/wait.h>
#include <linux/wwan.h>

static struct sk_buff_head to_modem; /* frames the clients wrote, for the reader */
static DECLARE_WAIT_QUEUE_HEAD(modem_waitq);
static struct wwan_port *port;

static int port_start(struct wwan_port *p)
{
	return 0;
}

static void port_stop(struct wwan_port *p)
{
}

/* The WWAN core's write path ends here: one skb per client write(). */
static int port_tx(struct wwan_port *p, struct sk_buff *skb)
{
	skb_queue_tail(&to_modem, skb);
	wake_up_interruptible(&modem_waitq);
	return 0;
}

static const struct wwan_port_ops port_ops = {
	.start = port_start,
	.stop = port_stop,
	.tx = port_tx,
};

static ssize_t modem_read(struct file *filp, char __user *buf, size_t len, loff_t *off)
{
	struct sk_buff *skb;
	ssize_t n;
	int rc;

	for (;;) {
		skb = skb_dequeue(&to_modem);
		if (skb)
			break;
		if (filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		rc = wait_event_interruptible(modem_waitq, !skb_queue_empty(&to_modem));
		if (rc)
			return rc;
	}
	n = min_t(size_t, len, skb->len);
	if (copy_to_user(buf, skb->data, n))
		n = -EFAULT;
	kfree_skb(skb);
	return n;
}

/* One write() is one frame from the modem: through the core's receive path. */
static ssize_t modem_write(struct file *filp, const char __user *buf, size_t len, loff_t *off)
{
	struct sk_buff *skb;

	if (!len || len > 65536)
		return -EINVAL;
	skb = alloc_skb(len, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	if (copy_from_user(skb_put(skb, len), buf, len)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	wwan_port_rx(port, skb);
	return len;
}

static __poll_t modem_poll(struct file *filp, poll_table *wait)
{
	poll_wait(filp, &modem_waitq, wait);
	return EPOLLOUT | EPOLLWRNORM | (skb_queue_empty(&to_modem) ? 0 : EPOLLIN | EPOLLRDNORM);
}

static const struct file_operations modem_fops = {
	.owner = THIS_MODULE,
	.read = modem_read,
	.write = modem_write,
	.poll = modem_poll,
	.llseek = noop_llseek,
};

static struct miscdevice modem_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "wwan-test-modem",
	.fops = &modem_fops,
};

static int __init wwan_test_modem_init(void)
{
	int rc;

	skb_queue_head_init(&to_modem);
	rc = misc_register(&modem_dev);
	if (rc)
		return rc;
	/* 6.2 added the capabilities argument (TX fragment size, headroom):
	 * unfragmented writes, as without it */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	{
		struct wwan_port_caps caps = { .frag_len = SIZE_MAX, .headroom_len = 0 };

		port = wwan_create_port(modem_dev.this_device, WWAN_PORT_QMI, &port_ops, &caps, NULL);
	}
#else
	port = wwan_create_port(modem_dev.this_device, WWAN_PORT_QMI, &port_ops, NULL);
#endif
	if (IS_ERR(port)) {
		misc_deregister(&modem_dev);
		return PTR_ERR(port);
	}
	return 0;
}

static void __exit wwan_test_modem_exit(void)
{
	wwan_remove_port(port);
	misc_deregister(&modem_dev);
	skb_queue_purge(&to_modem);
}

module_init(wwan_test_modem_init);
module_exit(wwan_test_modem_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A WWAN QMI port backed by user space, for qrtr-analyzer's VM tests only");
